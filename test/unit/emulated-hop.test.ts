// The emulated hop: a delay after each answer (value or error), none at 0.
import { describe, expect, it } from 'vitest';
import { afterHop, withHop } from '../../targets/hops/emulated-hop.ts';

describe('afterHop', () => {
  it('given 0 ms, then it returns the same promise', () => {
    const p = Promise.resolve(1);
    expect(afterHop(p, 0)).toBe(p);
  });
  it('given 60 ms, then a value and an error each arrive at least 60 ms later', async () => {
    let t0 = performance.now();
    expect(await afterHop(Promise.resolve('v'), 60)).toBe('v');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(59);
    t0 = performance.now();
    await expect(afterHop(Promise.reject(new Error('down')), 60)).rejects.toThrow('down');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(59);
  });
});

describe('withHop', () => {
  it('given a sender, then each command promise is delayed and non-promises pass through', async () => {
    const client = { sent: 0, sendCommand(x: number) { this.sent++; return x > 0 ? Promise.resolve(x) : x; } };
    withHop(client, 50);
    const t0 = performance.now();
    expect(await client.sendCommand(7)).toBe(7);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(49);
    expect(client.sendCommand(0)).toBe(0);
    expect(client.sent).toBe(2);
  });
});
