// Item 9 of issue 12: a knee probe discards its first second (connection set-up, JIT, a start-up stall) before measuring.
import { afterEach, describe, expect, it } from 'vitest';
import { spawnStallServer } from '../fixtures/driver-stall-server.ts';
import type { StartedTargetServer } from '../fixtures/driver-target-server.ts';
import { openModelDriver } from '../../harness/drivers/open-model/open-model-driver.ts';
import { normalizeWorkload } from '../../loadtests/workload/workload-config.ts';
import type { StepSpec } from '../../harness/drivers/driver-types.ts';

let server: StartedTargetServer | null = null;
afterEach(async () => {
  await server?.stop();
  server = null;
});

const spec = (baseUrl: string, over: Partial<StepSpec>): StepSpec => ({
  baseUrl, rate: 200, durationS: 2, connections: 16, workload: normalizeWorkload({ readWriteRatio: Infinity, unknownShare: 0, metadataShare: 0 }),
  codes: ['aaaaaaa', 'bbbbbbb'], timeoutMs: 10_000, threads: 1, streamId: 0, ...over,
});

describe('knee probe warm-up discard', () => {
  it('given a 300 ms stall in the first second, then with discardFirstS 1 the measured window holds neither its requests nor its latency', async () => {
    server = await spawnStallServer({ latencyMs: 1, freezeMs: 0 });
    const block = new Int32Array(new SharedArrayBuffer(4));
    const stall = setTimeout(() => Atomics.wait(block, 0, 0, 300), 200);
    const m = await openModelDriver.runStep(spec(server.url, { discardFirstS: 1 }));
    clearTimeout(stall);
    // 2 s measured at 200/s after 1 s discarded: ~400 requests, not ~600; none of them delayed by the stall.
    expect(m.sent).toBeGreaterThanOrEqual(390);
    expect(m.sent).toBeLessThanOrEqual(410);
    expect(m.durationS).toBe(2);
    expect(m.latency.maxValue).toBeLessThan(250_000);
    expect(m.notes.join(' ')).toMatch(/first 1 s .*discarded/);
  }, 30_000);
});
