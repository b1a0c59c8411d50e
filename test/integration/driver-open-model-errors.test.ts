// Open-model failures are measured, not thrown: refused connections, timeouts, drops over the in-flight cap, and aborts.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startTargetServer, type StartedTargetServer } from '../fixtures/driver-target-server.ts';
import { createOpenModelDriver, openModelDriver } from '../../harness/drivers/open-model/open-model-driver.ts';
import { normalizeWorkload } from '../../loadtests/workload/workload-config.ts';
import type { StepSpec } from '../../harness/drivers/driver-types.ts';

const codes = ['aaaaaaa', 'bbbbbbb', 'ccccccc'];
let server: StartedTargetServer | null = null;

afterEach(async () => {
  await server?.stop();
  server = null;
});

const spec = (baseUrl: string, over: Partial<StepSpec> = {}): StepSpec => ({
  baseUrl,
  rate: 100,
  durationS: 1,
  connections: 2,
  workload: normalizeWorkload(),
  codes,
  timeoutMs: 10_000,
  threads: 1,
  streamId: 0,
  ...over,
});

/** A loopback port nobody listens on. */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('open-model driver errors', () => {
  it('given nothing listening, then every request is an error of kind connect and runStep resolves', async () => {
    const port = await closedPort();

    const m = await openModelDriver.runStep(spec(`http://127.0.0.1:${port}`));

    expect(m.sent).toBe(100);
    expect(m.completed).toBe(0);
    expect(m.errors.connect).toBe(100);
    expect(m.aborted).toBe(false);
  });

  it('given a target that never answers, then requests past timeoutMs count as timeout', async () => {
    server = await startTargetServer({ hang: true });
    const t0 = performance.now();

    const m = await openModelDriver.runStep(spec(server.url, { rate: 50, durationS: 1, timeoutMs: 300 }));

    expect(m.sent).toBe(50);
    expect(m.completed).toBe(0);
    expect(m.errors.timeout).toBe(50);
    // Schedule 1 s + drain bounded by the timeout (300 ms), with slack for a loaded machine.
    expect(performance.now() - t0).toBeLessThan(4000);
  });

  it('given more requests in flight than the cap, then the rest are dropped and counted as errors of kind dropped', async () => {
    server = await startTargetServer({ hang: true });
    const driver = createOpenModelDriver({ maxInFlight: 10, drainMs: 100 });

    const m = await driver.runStep(spec(server.url, { rate: 100, durationS: 1, timeoutMs: 5000 }));

    expect(m.sent).toBe(10);
    expect(m.dropped).toBe(90);
    expect(m.errors.dropped).toBe(90);
    // The 10 in flight are younger than the 5 s timeout when the 100 ms drain ends: unfinished, not fake timeouts.
    expect(m.errors.unfinished).toBe(10);
    expect(m.errors.timeout).toBeUndefined();
    expect(m.notes.join(' ')).toMatch(/90 scheduled requests were not sent/);
  });

  it('given an abort 500 ms into a 30 s step, then it returns promptly with what was measured and aborted: true', async () => {
    server = await startTargetServer({ latencyMs: 1 });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 500);
    const t0 = performance.now();

    const m = await openModelDriver.runStep(spec(server.url, { rate: 200, durationS: 30, signal: ac.signal }));

    const elapsed = performance.now() - t0;
    expect(m.aborted).toBe(true);
    expect(elapsed).toBeLessThan(3000);
    expect(m.durationS).toBeGreaterThan(0.3);
    expect(m.durationS).toBeLessThan(3);
    expect(m.sent).toBeGreaterThan(20);
    expect(m.completed).toBeGreaterThan(20);
    expect(m.errors.timeout ?? 0).toBe(0);
  });

  it('given a signal already aborted, then nothing is sent', async () => {
    server = await startTargetServer({ latencyMs: 1 });
    const m = await openModelDriver.runStep(spec(server.url, { signal: AbortSignal.abort() }));
    expect(m.aborted).toBe(true);
    expect(m.sent).toBe(0);
  });
});
