// The knee search brackets the SLO boundary and bisects it, on a synthetic target with a known capacity.
import { describe, expect, it } from 'vitest';
import { findKnee, DEFAULT_KNEE_OPTIONS } from '../../harness/bench/knee-search.ts';
import type { StepResult } from '../../harness/results/result-types.ts';

const slo = { p99Ms: 100, errorRate: 0.001 };

/** A step of a target that meets the SLO below `capacity` and misses it above. */
function fakeStep(rate: number, capacity: number, loadgenAbove = Infinity): StepResult {
  const pass = rate <= capacity;
  return {
    targetRate: rate,
    slo: { pass, p99Ms: pass ? 5 : 900, errorRate: 0, reasons: pass ? [] : ['p99 900 ms ≥ 100 ms'] },
    errorRate: 0,
    loadgenBound: rate > loadgenAbove,
    loadgenBoundReason: rate > loadgenAbove ? 'generator CPU 99 %' : undefined,
    bottleneck: pass ? undefined : 'app-1 CPU saturated (99 % of one core)',
  } as StepResult;
}

describe('findKnee', () => {
  it('given a capacity of 1,234 req/s, then the knee is within 5 % below it and the cause is named', async () => {
    const k = await findKnee(async (r) => fakeStep(r, 1234), { ...DEFAULT_KNEE_OPTIONS, slo });
    expect(k.rate).toBeLessThanOrEqual(1234);
    expect(k.rate).toBeGreaterThan(1234 * 0.95);
    expect(k.brokeBy).toMatch(/app-1 CPU saturated/);
    expect(k.probes.length).toBeLessThanOrEqual(DEFAULT_KNEE_OPTIONS.maxProbes);
  });

  it('given a start above capacity, then it ramps down first', async () => {
    const k = await findKnee(async (r) => fakeStep(r, 60), { ...DEFAULT_KNEE_OPTIONS, startRate: 1000, slo });
    expect(k.rate).toBeLessThanOrEqual(60);
    expect(k.rate).toBeGreaterThan(57);
    expect(k.probes[0].rate).toBe(1000);
  });

  it('given a generator that saturates before the target, then it stops and says the knee is a lower bound', async () => {
    const k = await findKnee(async (r) => fakeStep(r, 1e6, 3000), { ...DEFAULT_KNEE_OPTIONS, slo });
    expect(k.rate).toBe(1600);
    expect(k.brokeBy).toMatch(/load generator, not the target.*at least 1600/);
  });

  it('given a target that never breaks, then it stops at the ceiling', async () => {
    const k = await findKnee(async (r) => fakeStep(r, Infinity), { ...DEFAULT_KNEE_OPTIONS, maxRate: 5000, slo });
    expect(k.rate).toBe(5000);
    expect(k.brokeBy).toMatch(/nothing broke up to the search ceiling of 5000/);
  });
});
