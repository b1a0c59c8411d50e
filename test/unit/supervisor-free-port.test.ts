// freePort hands out loopback ports that are bindable right away and distinct within a run.
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../harness/supervisor/free-port.ts';

describe('freePort', () => {
  it('given nothing, when asked 20 times, then each port is distinct and can be bound on 127.0.0.1', async () => {
    const ports: number[] = [];
    for (let i = 0; i < 20; i++) ports.push(await freePort());
    expect(new Set(ports).size).toBe(20);
    for (const port of ports.slice(0, 3)) {
      const server = net.createServer();
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', resolve);
      });
      await new Promise((r) => server.close(r));
      expect(port).toBeGreaterThan(0);
    }
  });
});
