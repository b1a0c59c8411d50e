// The experiment runner: each arm one bench with its overrides (one variable changed), repeats interleaved, files where
// `compare` reads them, and a verdict computed from the measured metric — not from the arm names.
import { mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { runValidate } from '../../harness/validate/run-validate.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BenchOptions } from '../../harness/bench/bench-options.ts';
import type { BenchRun } from '../../harness/bench/run-bench.ts';
import { runExperiment, mergeBenchInputs } from '../../harness/experiments/run-experiment.ts';
import { clearlyLarger, compareArms } from '../../harness/experiments/experiment-stats.ts';
import { counterSeries, peakToMean } from '../../harness/experiments/experiment-series.ts';
import { differences } from '../../harness/bench/counter-timeline.ts';
import type { Experiment } from '../../harness/experiments/experiment-types.ts';
import { writeResult } from '../../harness/results/write-result.ts';
import { syntheticResult } from '../helpers/synthetic-result.ts';

/** A fake bench whose DB reads depend on the option the arms change: the effect is known. */
function fakeBench(readsFor: (o: BenchOptions, call: number) => number, seen: BenchOptions[]) {
  return async (o: BenchOptions): Promise<BenchRun> => {
    seen.push(o);
    const result = syntheticResult([1000, 2000, 3000]);
    result.steps[0].figures.dbReadsPerRequest = readsFor(o, seen.length);
    writeResult(result, [o.out!]);
    return { result, paths: [o.out!] };
  };
}

const exp: Experiment = {
  name: 'fixture',
  claimId: 'fixture-claim',
  question: 'do the defences cut DB reads?',
  base: { stage: 2, rate: 20, stepDurationS: 1, warmupS: 0, machineCpu: 'none', calibrateS: 0 },
  arms: [
    { name: 'on', label: 'defences on', overrides: { topology: { stampedeDefences: true } } },
    { name: 'off', label: 'defences off', overrides: { topology: { stampedeDefences: false } } },
  ],
  repeats: 3,
  metrics: [{ key: 'dbReads', label: 'DB reads/req', unit: 'ratio', better: 'lower', read: (r) => r.steps[0]?.figures.dbReadsPerRequest ?? null }],
  verdict(arms) {
    const [on, off] = arms;
    const c = compareArms(off.values.dbReads, on.values.dbReads);
    const yes = clearlyLarger(c, 2);
    return { outcome: yes ? 'confirms' : 'contradicts', summary: `off/on ${c.ratio}`, statistics: { ratio: c.ratio, ...(c.p !== null ? { p: c.p } : {}) } };
  },
};

describe('runExperiment', () => {
  it('runs each arm with its one variable, interleaved, and writes arm files, a summary and latest.json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'exp-'));
    const seen: BenchOptions[] = [];
    const { summary, latestFile } = await runExperiment(exp, {
      resultsDir: dir,
      flags: { stepDurationS: 2, topology: { stampedeDefences: true } },
      runBench: fakeBench((o) => (o.topology.stampedeDefences ? 0.1 : 0.5), seen),
      runId: 'r1',
    });
    expect(seen.map((o) => o.topology.stampedeDefences)).toEqual([true, false, true, false, true, false]);
    expect(seen.every((o) => o.stepDurationS === 2 && o.stage === 2 && o.updateLatest === false)).toBe(true);
    expect(summary.arms[1].files).toEqual([1, 2, 3].map((i) => join(dir, 'experiments/fixture/r1/off', `run-${i}.json`)));
    expect(existsSync(join(dir, 'experiments/fixture/r1/summary.json'))).toBe(true);
    expect(JSON.parse(readFileSync(latestFile, 'utf8')).verdict.outcome).toBe('confirms');
    expect(summary.arms[0].metrics.dbReads).toEqual({ values: [0.1, 0.1, 0.1], median: 0.1 });
    expect(summary.machines).toMatch(/unconstrained/);

    // validate reads the latest summary for the experiment's claim.
    const claims = join(dir, 'claims.yaml');
    writeFileSync(claims, [
      'claims:',
      '  - { id: fixture-claim, table: t, row: r, text: x, stated: { value: null, unit: ratio, text: y }, formula: none, inputs: { experiment: fixture }, measure: { key: experiment, check: within } }',
      '  - { id: other, table: t, row: r, text: x, stated: { value: null, unit: ratio, text: y }, formula: none, inputs: { experiment: never-ran }, measure: { key: experiment, check: within } }',
    ].join('\n'));
    const v = await runValidate({ measure: false, claimsFile: claims, experimentsResultsDir: dir, json: true });
    expect(v.report.claims.map((c) => c.verdict)).toEqual(['holds', 'not measured yet']);
    expect(v.report.claims[0].reason).toMatch(/experiment fixture confirms it: off\/on 5/);
  });

  it('the verdict follows the measurement: the same arms with no effect do not confirm', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'exp-'));
    const { summary } = await runExperiment(exp, { resultsDir: dir, repeats: 1, runBench: fakeBench(() => 0.3, []), runId: 'r2' });
    expect(summary.verdict.outcome).toBe('contradicts');
    expect(summary.arms[0].files).toEqual([join(dir, 'experiments/fixture/r2/on.json')]);
  });

  it('refuses bad flags before any arm runs, with the flag named', async () => {
    const seen: BenchOptions[] = [];
    await expect(runExperiment(exp, { resultsDir: mkdtempSync(join(tmpdir(), 'exp-')), flags: { stepDurationS: 0 }, runBench: fakeBench(() => 1, seen) })).rejects.toThrow(/--step-duration/);
    expect(seen).toEqual([]);
  });
});

describe('experiment helpers', () => {
  it('merges bench inputs layer by layer, nested fields one by one', () => {
    expect(mergeBenchInputs({ stage: 2, topology: { appProcesses: 2 } }, { topology: { redisMaxmemory: '2mb' } }, { stepDurationS: undefined })).toEqual({
      stage: 2,
      topology: { appProcesses: 2, redisMaxmemory: '2mb' },
      workload: {},
      slo: {},
    });
  });

  it('per-interval counter differences become per-second rates; a restart (counter back to 0) is 0, not negative', () => {
    const pts = differences([
      { atMs: 0, counters: { dbReads: 10, eventLoopDelayP99Ms: 5 } },
      { atMs: 1000, counters: { dbReads: 30 } },
      { atMs: 1500, counters: { dbReads: 40 } },
      { atMs: 2500, counters: { dbReads: 2 } },
    ]);
    expect(pts.map((p) => p.counters)).toEqual([{ dbReads: 20 }, { dbReads: 10 }, { dbReads: 0 }]);
    const step = { counterTimeline: pts } as unknown as Parameters<typeof counterSeries>[0];
    expect(counterSeries(step, 'dbReads')).toEqual([20, 20, 0]);
    expect(peakToMean([1, 1, 4])).toBe(2);
  });
});
