// Item 11 of issue 12: the headline latency is of successful responses only; the all-responses histogram keeps errors and timeouts.
import { describe, expect, it } from 'vitest';
import { StepRecorder } from '../../harness/drivers/step-recorder.ts';
import { buildMeasurement } from '../../harness/drivers/open-model/build-measurement.ts';
import { aggregateStep } from '../../harness/bench/aggregate-step.ts';

const account = (name: string) => ({ name, role: name, pid: 1, cpuSeconds: 0.1, utilization: 0.1, rssPeakBytes: 1 });

function stepOf(r: StepRecorder) {
  const m = buildMeasurement(r.recording(), { durationS: 1, sendEndMs: 1000, endMs: 1000, aborted: false }, { driver: 'open', model: 'open', intendedRate: 100, notes: [] });
  return aggregateStep({
    tier: 't', users: null, kind: 'tier', connections: 8, measurement: m, processes: [account('app')], loadgen: account('loadgen'),
    loadgenCores: 1, slo: { p99Ms: 100, errorRate: 1 }, figures: {},
  });
}

describe('success-only headline latency', () => {
  it('given slow successes and many fast 5xx, then the headline p99 is the successes\' and the all-responses p99 is lower', () => {
    const r = new StepRecorder({ openModel: true, startMs: 0, lateThresholdMs: 1 });
    for (let i = 0; i < 100; i++) r.recordResponse('redirect', 302, 50, 50, 10);
    for (let i = 0; i < 900; i++) r.recordResponse('redirect', 503, 1, 1, 10);
    const s = stepOf(r);
    expect(s.latencyUs.p99).toBeGreaterThanOrEqual(49_000);
    expect(s.latencyUs.p50).toBeGreaterThanOrEqual(49_000);
    expect(s.allResponses!.latencyUs.p50).toBeLessThan(2_000);
    expect(s.allResponses!.count).toBe(1000);
  });

  it('given timeouts, then they are in the all-responses histogram at their age, not in the headline', () => {
    const r = new StepRecorder({ openModel: true, startMs: 0, lateThresholdMs: 1 });
    for (let i = 0; i < 90; i++) r.recordResponse('redirect', 302, 5, 5, 10);
    for (let i = 0; i < 10; i++) r.recordTimeout(10_000, 10_010);
    const s = stepOf(r);
    expect(s.errors.timeout).toBe(10);
    expect(s.latencyUs.max).toBeLessThan(6_000);
    expect(s.allResponses!.latencyUs.max).toBeGreaterThanOrEqual(9_990_000);
    expect(s.allResponses!.count).toBe(100);
  });
});
