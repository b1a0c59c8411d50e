// "What breaks at each scale stage" judged from results: the fix stage must hold the tier, the stage before must not.
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../harness/results/result-types.ts';
import { checkTierStage } from '../../harness/validate/tier-stage-check.ts';
import { tierRate } from '../../loadtests/workload/tiers.ts';
import { loadTierFile } from '../../loadtests/workload/tier-file.ts';
import { syntheticRun } from '../browser/helpers/synthetic-results.ts';

const tiers = loadTierFile();
const t10k = tierRate({ name: '10k', users: 10_000 }, tiers.assumptions);
const at = (stage: number, medianUs: number, extra: Partial<Parameters<typeof syntheticRun>[0]['steps'][number]> = {}): { path: string; result: RunResult } => ({
  path: `stage-${stage}.json`,
  result: syntheticRun({ stage, perSecond: 100, steps: [{ tier: '10k', users: 10_000, rate: t10k.peakRate, medianUs, sigma: 0.1, stallShare: 0, ...extra }] }),
});

describe('checkTierStage', () => {
  it('without results: not measured yet', () => {
    expect(checkTierStage([], t10k, 2, 1)).toMatchObject({ verdict: 'not measured yet', measured: null });
  });

  it('holds when stage 1 breaks (p99 over the SLO) and stage 2 holds', () => {
    const r = checkTierStage([at(1, 400_000, { bottleneck: 'sqlite reads' }), at(2, 900)], t10k, 2, 1);
    expect(r.verdict).toBe('holds');
    expect(r.measured?.value).toBe(2);
    expect(r.measured?.text).toMatch(/stage 1 @ 10k: .* breaks .*bottleneck: sqlite reads/);
  });

  it('is contradicted when the stage before already holds the tier (nothing breaks yet)', () => {
    const r = checkTierStage([at(1, 900), at(2, 900)], t10k, 2, 1);
    expect(r.verdict).toBe('contradicted by measurement');
    expect(r.reason).toMatch(/stage 1 already holds 10k/);
    expect(r.measured?.value).toBe(1);
  });

  it('is contradicted when the fix stage does not hold it either', () => {
    const r = checkTierStage([at(1, 400_000), at(2, 300_000)], t10k, 2, 1);
    expect(r.verdict).toBe('contradicted by measurement');
    expect(r.measured?.value).toBeNull();
  });

  it('never counts a loadgen-bound step as the target breaking', () => {
    const r = checkTierStage([at(1, 400_000, { loadgenBound: true }), at(2, 900)], t10k, 2, 1);
    expect(r.verdict).toBe('not measured yet');
    expect(r.reason).toMatch(/stage 1 at 10k \(inconclusive\)/);
    expect(r.measured?.text).toMatch(/loadgen-bound/);
  });

  it('a rate not reached breaks the stage even if latency looks fine', () => {
    const r = checkTierStage([at(1, 900, { achieved: t10k.peakRate * 0.5 }), at(2, 900)], t10k, 2, 1);
    expect(r.verdict).toBe('holds');
  });

  it('falls back to the knee when a run has no step at that tier', () => {
    const knee = (stage: number, rate: number) => ({
      path: `k${stage}.json`,
      result: syntheticRun({ stage, perSecond: 50, knee: { rate, brokeBy: 'app CPU' }, steps: [{ tier: '1k', users: 1000, rate: 40, medianUs: 900 }] }),
    });
    expect(checkTierStage([knee(1, 300), knee(2, 2000)], t10k, 2, 1).verdict).toBe('holds');
  });
});
