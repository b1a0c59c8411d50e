// Item 6 of issue 12: the open-model drain never turns slow requests younger than the timeout into fake timeouts.
import { afterEach, describe, expect, it } from 'vitest';
import { startTargetServer, type StartedTargetServer } from '../fixtures/driver-target-server.ts';
import { createOpenModelDriver, openModelDriver } from '../../harness/drivers/open-model/open-model-driver.ts';
import { normalizeWorkload } from '../../loadtests/workload/workload-config.ts';
import type { StepSpec } from '../../harness/drivers/driver-types.ts';

let server: StartedTargetServer | null = null;
afterEach(async () => {
  await server?.stop();
  server = null;
});

const spec = (baseUrl: string, over: Partial<StepSpec> = {}): StepSpec => ({
  baseUrl, rate: 20, durationS: 1, connections: 40, workload: normalizeWorkload({ readWriteRatio: Infinity, unknownShare: 0, metadataShare: 0 }),
  codes: ['aaaaaaa', 'bbbbbbb'], timeoutMs: 6_000, threads: 1, streamId: 0, ...over,
});

describe('open-model drain', () => {
  it('given a target answering in 3 s and a 6 s timeout, then every request completes with its real latency and none is a timeout', async () => {
    server = await startTargetServer({ latencyMs: 3000 });
    const m = await openModelDriver.runStep(spec(server.url));
    expect(m.errors.timeout ?? 0).toBe(0);
    expect(m.errors.unfinished ?? 0).toBe(0);
    // 20 scheduled in 1 s; on a busy box the last may fall just past the schedule's end: every one sent completes.
    // (One in ~6 runs lost the first request to a rounding in the recorder; see driver-step-recorder.test.ts.)
    expect(m.sent).toBeGreaterThanOrEqual(19);
    expect(m.completed, `sent ${m.sent}, errors ${JSON.stringify(m.errors)}`).toBe(m.sent);
    expect(m.latency.maxValue).toBeGreaterThanOrEqual(2_900_000);
  }, 30_000);

  it('given a drain bounded below the latency, then what is left is "unfinished" with its age as a lower bound, never "timeout"', async () => {
    server = await startTargetServer({ latencyMs: 4000 });
    const driver = createOpenModelDriver({ drainMs: 500 });
    const m = await driver.runStep(spec(server.url));
    expect(m.errors.timeout ?? 0).toBe(0);
    expect(m.errors.unfinished).toBe(20);
    expect(m.latency.totalCount).toBe(0);
    // Ages: from 0.5 s (the last send) to 1.5 s (the first), recorded in the all-responses histogram.
    expect(m.latencyAll!.totalCount).toBe(20);
    expect(m.latencyAll!.maxValue).toBeGreaterThanOrEqual(1_300_000);
    expect(m.notes.join(' ')).toMatch(/unfinished/);
  }, 30_000);
});
