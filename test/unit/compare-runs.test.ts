// compareRuns on synthetic repeated and single runs: no change on identical inputs, a 20 % p99 regression caught, a 2 % change under 5 % let through, mismatches warned about.
import { describe, expect, it } from 'vitest';
import { compareRuns } from '../../harness/compare/compare-runs.ts';
import type { Comparison, MetricComparison } from '../../harness/compare/compare-types.ts';
import { lognormalLatencies, repeatedRuns, syntheticRun } from '../helpers/synthetic-result.ts';
import { mulberry32 } from '../../loadtests/workload/prng.ts';

const metrics = (c: Comparison): MetricComparison[] => c.groups.flatMap((g) => g.metrics);
const find = (c: Comparison, group: string, metric: string) => c.groups.find((g) => g.key === group)!.metrics.find((m) => m.metric === metric)!;

describe('compareRuns', () => {
  it('given the same runs on both sides (5 repeats), then every metric is "no significant change" and the exit code is 0', () => {
    const runs = repeatedRuns({ runs: 5, seed: 11, knee: 900 });
    const c = compareRuns(runs, runs, { threshold: 0.05 });
    expect(metrics(c).length).toBeGreaterThan(10);
    for (const m of metrics(c)) {
      expect(m.mode).toBe('repeated');
      expect(m.verdict).toBe('no significant change');
      expect(m.relDelta).toBe(0);
    }
    expect(c.exitCode).toBe(0);
    expect(c.warnings.filter((w) => /differ/.test(w))).toEqual([]);
  });

  it('given the same single run on both sides, then every metric is "no significant change", exit 0, with the single-run caveat', () => {
    const [run] = repeatedRuns({ runs: 1, seed: 12, knee: 900 });
    const c = compareRuns([run], [run], { threshold: 0.05 });
    for (const m of metrics(c)) {
      expect(m.mode).toBe('single-run');
      expect(m.verdict).toBe('no significant change');
    }
    expect(c.exitCode).toBe(0);
    expect(c.warnings.join('\n')).toMatch(/single run cannot establish significance/);
  });

  it('given a 20 % p99 regression over 6 noisy runs a side (5 cannot pass Holm over 7 metrics), then p99 is "worse" by Mann–Whitney, p50 unchanged, exit 1', () => {
    const base = repeatedRuns({ runs: 6, seed: 1 });
    const head = repeatedRuns({ runs: 6, seed: 2, tailFactor: 1.2 });
    const c = compareRuns(base, head, { threshold: 0.05 });
    for (const tier of ['stage1/1k', 'stage1/10k']) {
      const p99 = find(c, tier, 'p99');
      expect(p99.verdict).toBe('worse');
      expect(p99.test).toBe('mann-whitney-exact');
      expect(p99.pValue).toBeLessThan(0.05);
      expect(p99.relDelta).toBeGreaterThan(0.15);
      expect(p99.relDelta).toBeLessThan(0.25);
      expect(p99.base.lo).toBeLessThanOrEqual(p99.base.center);
      expect(p99.base.hi).toBeGreaterThanOrEqual(p99.base.center);
      expect(find(c, tier, 'p50').verdict).toBe('no significant change');
      expect(find(c, tier, 'achievedRate').verdict).toBe('no significant change');
    }
    expect(c.exitCode).toBe(1);
    expect(c.counts.gatingWorse).toBeGreaterThanOrEqual(2);
  });

  it('given a 2 % slowdown everywhere under a 5 % threshold, then nothing is "worse" and the exit code is 0', () => {
    const base = repeatedRuns({ runs: 6, seed: 5 });
    const head = repeatedRuns({ runs: 6, seed: 6, latencyFactor: 1.02 });
    const c = compareRuns(base, head, { threshold: 0.05 });
    expect(metrics(c).filter((m) => m.verdict === 'worse')).toEqual([]);
    expect(c.exitCode).toBe(0);
    // The same change passes a 1 % threshold when the test finds it (p50 moves 2 % on every run).
    const strict = compareRuns(base, head, { threshold: 0.01 });
    const p50 = find(strict, 'stage1/10k', 'p50');
    if (p50.significant) expect(p50.verdict).toBe('worse');
  });

  it('given a 20 % improvement, then the verdict is "better" and the exit code stays 0', () => {
    const base = repeatedRuns({ runs: 6, seed: 7, appCpuMs: 0.5 });
    const head = repeatedRuns({ runs: 6, seed: 8, appCpuMs: 0.4 });
    const c = compareRuns(base, head, { threshold: 0.05 });
    expect(find(c, 'stage1/10k', 'cpu:app').verdict).toBe('better');
    expect(c.exitCode).toBe(0);
  });

  it('given a single run a side with a 20 % p99 regression, then p99 is "worse" labelled single-run (histogram noise bound), and exit 1 when single runs gate', () => {
    const [base] = repeatedRuns({ runs: 1, seed: 1 });
    const [head] = repeatedRuns({ runs: 1, seed: 2, tailFactor: 1.2 });
    const c = compareRuns([base], [head], { threshold: 0.05, gateOnSingleRun: true });
    const p99 = find(c, 'stage1/10k', 'p99');
    expect(p99).toMatchObject({ mode: 'single-run', test: 'histogram-percentile-ci', verdict: 'worse', gates: true });
    expect(p99.reason).toMatch(/single run/);
    expect(c.exitCode).toBe(1);
    const lenient = compareRuns([base], [head], { threshold: 0.05, gateOnSingleRun: false });
    expect(lenient.exitCode).toBe(0);
  });

  it('given different machines, Node versions, tools or configs, then a warning names what differs', () => {
    const base = repeatedRuns({ runs: 1, seed: 1 });
    const head = repeatedRuns({ runs: 1, seed: 1, env: { cpuModel: 'Other CPU', node: 'v22.1.0', tools: { 'redis-server': '7.2.4' } }, configHash: 'bbbbbbbbbbbbbbbb' });
    const c = compareRuns(base, head, { threshold: 0.05 });
    const text = c.warnings.join('\n');
    expect(text).toMatch(/environments differ.*CPU model: Synthetic CPU @ 3.0GHz → Other CPU/);
    expect(text).toMatch(/Node.js: v20.20.2 → v22.1.0/);
    expect(text).toMatch(/redis-server: 7.0.15 → 7.2.4/);
    expect(text).toMatch(/stage 1: configurations differ \(config hash aaaaaaaaaaaaaaaa → bbbbbbbbbbbbbbbb\)/);
  });

  it('given a loadgen-bound step, then its regression is shown but does not gate the exit code', () => {
    const rng = mulberry32(9);
    const step = (factor: number, loadgenBound: boolean) => ({ tier: '1k', latenciesUs: lognormalLatencies(rng, 5000, 2000 * factor), achievedRate: 460, loadgenBound });
    const c = compareRuns([syntheticRun({ stage: 1, steps: [step(1, false)] })], [syntheticRun({ stage: 1, steps: [step(2, true)] })], { threshold: 0.05 });
    const p50 = find(c, 'stage1/1k', 'p50');
    expect(p50.verdict).toBe('worse');
    expect(p50.gates).toBe(false);
    expect(c.exitCode).toBe(0);
    expect(c.warnings.join('\n')).toMatch(/load generator limited/);
  });

  it('given error rates 0 → 0.5 % on 20k requests each, then the two-proportion test calls it worse; tiers only on one side are listed', () => {
    const rng = mulberry32(10);
    const lat = lognormalLatencies(rng, 20_000, 2000);
    const base = syntheticRun({ stage: 1, steps: [{ tier: '1k', latenciesUs: lat, achievedRate: 460 }, { tier: '10k', latenciesUs: lat, achievedRate: 4600 }] });
    const head = syntheticRun({ stage: 1, steps: [{ tier: '1k', latenciesUs: lat, achievedRate: 460, errorRate: 0.005 }] });
    const c = compareRuns([base], [head], { threshold: 0.05 });
    const er = find(c, 'stage1/1k', 'errorRate');
    expect(er).toMatchObject({ test: 'two-proportion-z', verdict: 'worse' });
    expect(c.onlyInBase).toEqual(['stage1/10k']);
    expect(c.warnings.join('\n')).toMatch(/only in base.*stage1\/10k/);
  });

  it('given a bad threshold, then it refuses with the rule', () => {
    expect(() => compareRuns([], [], { threshold: -1 })).toThrow(/threshold must be a fraction/);
  });
});
