// Item 5 of issue 12: a generator that stalls (GC, a noisy neighbour) is not blamed on a fast target, and the knee search
// does not count such a step as a target failure.
import { afterEach, describe, expect, it } from 'vitest';
import { spawnStallServer } from '../fixtures/driver-stall-server.ts';
import type { StartedTargetServer } from '../fixtures/driver-target-server.ts';
import { openModelDriver } from '../../harness/drivers/open-model/open-model-driver.ts';
import { normalizeWorkload } from '../../loadtests/workload/workload-config.ts';
import { ProcessSampler } from '../../harness/measure/process-sampler.ts';
import { aggregateStep } from '../../harness/bench/aggregate-step.ts';
import { findKnee, DEFAULT_KNEE_OPTIONS } from '../../harness/bench/knee-search.ts';
import type { StepResult } from '../../harness/results/result-types.ts';

let server: StartedTargetServer | null = null;
afterEach(async () => {
  await server?.stop();
  server = null;
});

const slo = { p99Ms: 100, errorRate: 0.001 };

/** Blocks this thread (the generator's) for `ms` every `everyMs`: a generator stalled on purpose. */
function stallGenerator(ms: number, everyMs: number): () => void {
  const block = new Int32Array(new SharedArrayBuffer(4));
  const t = setInterval(() => Atomics.wait(block, 0, 0, ms), everyMs);
  return () => clearInterval(t);
}

async function stalledStep(baseUrl: string): Promise<StepResult> {
  const sampler = new ProcessSampler([{ name: 'loadgen', role: 'loadgen', pid: process.pid }]);
  sampler.start();
  const unstall = stallGenerator(300, 1000);
  try {
    const m = await openModelDriver.runStep({
      baseUrl, rate: 200, durationS: 3, connections: 16, workload: normalizeWorkload({ readWriteRatio: Infinity, unknownShare: 0, metadataShare: 0 }),
      codes: ['aaaaaaa', 'bbbbbbb'], timeoutMs: 10_000, threads: 1, streamId: 0,
    });
    const [loadgen] = sampler.stop();
    return aggregateStep({
      tier: 'lag', users: null, kind: 'knee', connections: 16, measurement: m, loadgen, loadgenCores: 1, slo, figures: {},
      processes: [{ name: 'app', role: 'app', pid: 1, cpuSeconds: 0.05, utilization: 0.02, rssPeakBytes: 1 }],
    });
  } finally {
    unstall();
  }
}

describe('generator lag', () => {
  it('given a generator that stalls 300 ms a second against a fast target, then the step is flagged generator-limited, not the target', async () => {
    server = await spawnStallServer({ latencyMs: 1, freezeMs: 0 });
    const step = await stalledStep(server.url);
    expect(step.slo.pass).toBe(false); // the stall is in the latency, timed from the schedule
    expect(step.schedulingLag!.latencyUs.p99).toBeGreaterThan(100_000);
    expect(step.loadgenBound || (step.inconclusive ?? []).some((r) => /generator lag/.test(r))).toBe(true);
    expect(`${step.loadgenBoundReason ?? ''} ${(step.inconclusive ?? []).join(' ')}`).toMatch(/generator lag p99/);
    expect(step.bottleneck ?? '').not.toMatch(/^app/);

    // The knee search, fed such steps, never reports a knee below them as the target's.
    const k = await findKnee(async (rate) => ({ ...step, targetRate: rate }), { ...DEFAULT_KNEE_OPTIONS, startRate: 200, slo });
    expect(k.brokeBy).toMatch(/generator/);
    expect(k.brokeBy).not.toMatch(/^at 200 req\/s: p99/);
  }, 60_000);
});
