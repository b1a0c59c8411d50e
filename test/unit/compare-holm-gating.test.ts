// Holm across the metrics of one comparison, and single-run verdicts that inform without gating unless asked to.
import { describe, expect, it } from 'vitest';
import { holmAdjust } from '../../harness/compare/holm.ts';
import { compareRuns } from '../../harness/compare/compare-runs.ts';
import type { Comparison } from '../../harness/compare/compare-types.ts';
import { repeatedRuns } from '../helpers/synthetic-result.ts';

const find = (c: Comparison, key: string, metric: string) => c.groups.find((g) => g.key === key)!.metrics.find((m) => m.metric === metric)!;

describe('holmAdjust', () => {
  it('matches the step-down adjustment computed by hand, keeps order, and never exceeds 1', () => {
    // sorted: 0.01×4 = 0.04, 0.02×3 = 0.06, 0.03×2 = 0.06 (monotone), 0.5×1 = 0.5
    expect(holmAdjust([0.03, 0.01, 0.5, 0.02]).map((p) => +p.toFixed(6))).toEqual([0.06, 0.04, 0.5, 0.06]);
    expect(holmAdjust([0.9, 0.8])).toEqual([1, 1]);
    expect(holmAdjust([])).toEqual([]);
  });

  it('is never below the raw p and never above Bonferroni', () => {
    const ps = [0.001, 0.2, 0.04, 0.004, 0.3, 0.011, 0.049];
    const adj = holmAdjust(ps);
    adj.forEach((a, i) => {
      expect(a).toBeGreaterThanOrEqual(ps[i]);
      expect(a).toBeLessThanOrEqual(Math.min(1, ps[i] * ps.length) + 1e-12);
    });
  });
});

describe('compareRuns with Holm and single-run gating', () => {
  it('given 6 runs a side and a tail regression, then p99 is worse on its Holm-adjusted p and gates (exit 1)', () => {
    const c = compareRuns(repeatedRuns({ runs: 6, seed: 1 }), repeatedRuns({ runs: 6, seed: 2, tailFactor: 1.3 }), { threshold: 0.05 });
    const p99 = find(c, 'stage1/10k', 'p99');
    const tested = c.groups.find((g) => g.key === 'stage1/10k')!.metrics.filter((m) => m.pValue !== undefined).length;
    expect(p99.pAdjusted).toBeCloseTo(Math.min(1, p99.pValue! * tested), 10); // the smallest p of the group: × m
    expect(p99.verdict).toBe('worse');
    expect(p99.gates).toBe(true);
    expect(p99.reason).toMatch(/Holm/);
    expect(c.exitCode).toBe(1);
  });

  it('given 5 runs a side, where a raw p of 0.008 passes α but not Holm over 7 metrics, then nothing gates and a warning says how many runs would', () => {
    const c = compareRuns(repeatedRuns({ runs: 5, seed: 1 }), repeatedRuns({ runs: 5, seed: 2, tailFactor: 1.3 }), { threshold: 0.05 });
    const p99 = find(c, 'stage1/10k', 'p99');
    expect(p99.pValue).toBeLessThan(0.05);
    expect(p99.pAdjusted).toBeGreaterThanOrEqual(0.05);
    expect(p99.verdict).toBe('no significant change');
    expect(c.exitCode).toBe(0);
    expect(c.warnings.join('\n')).toMatch(/smallest possible p.*≥ 6 runs a side/);
  });

  it('given one run a side with a 30 % p99 regression, then p99 is "worse" but does not gate by default; --gate-single-run makes it gate', () => {
    const [base] = repeatedRuns({ runs: 1, seed: 1 });
    const [head] = repeatedRuns({ runs: 1, seed: 2, tailFactor: 1.3 });
    const c = compareRuns([base], [head], { threshold: 0.05 });
    const p99 = find(c, 'stage1/10k', 'p99');
    expect(p99).toMatchObject({ mode: 'single-run', verdict: 'worse', gates: false });
    expect(c.exitCode).toBe(0);
    expect(c.warnings.join('\n')).toMatch(/single-run verdicts do not gate.*--gate-single-run/);
    const gated = compareRuns([base], [head], { threshold: 0.05, gateOnSingleRun: true });
    expect(find(gated, 'stage1/10k', 'p99').gates).toBe(true);
    expect(gated.exitCode).toBe(1);
  });

  it('given identical single runs, then no metric is worse with or without gating', () => {
    const runs = repeatedRuns({ runs: 1, seed: 3 });
    const c = compareRuns(runs, runs, { threshold: 0.05, gateOnSingleRun: true });
    expect(c.counts.worse).toBe(0);
    expect(c.exitCode).toBe(0);
  });
});
