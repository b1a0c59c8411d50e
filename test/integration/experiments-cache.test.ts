// The cache experiments (ttl-jitter, stampede, eviction) run shortened against real processes (app, redis-server):
// stampede and eviction through the real CLI with every arm, ttl-jitter in-process on the two arms its verdict compares
// (its third arm differs only in its jitter value, checked on its options). Every arm is a valid result file, every
// number of the summary is read back from those files, and the verdict is the one the experiment's verdict function
// gives on them — it comes from the measurement.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeBenchOptions } from '../../harness/bench/bench-options.ts';
import { findExperiment } from '../../harness/experiments/experiment-registry.ts';
import { mergeBenchInputs, runExperiment } from '../../harness/experiments/run-experiment.ts';
import type { ArmValues, Experiment, ExperimentSummary } from '../../harness/experiments/experiment-types.ts';
import { readResult } from '../../harness/results/read-result.ts';
import type { RunResult } from '../../harness/results/result-types.ts';
import { runCli } from '../helpers/run-cli.ts';

async function runShort(name: string, args: string[]): Promise<{ summary: ExperimentSummary; results: Map<string, RunResult[]> }> {
  const dir = mkdtempSync(join(tmpdir(), `exp-${name}-`));
  const r = await runCli(['experiment', name, '--repeats', '1', '--results-dir', dir, '--json', ...args]);
  expect(r.code, r.stderr.slice(-2000)).toBe(0);
  const summary = JSON.parse(r.stdout) as ExperimentSummary;
  expect(existsSync(join(dir, 'experiments', name, 'latest.json'))).toBe(true);
  const results = new Map(summary.arms.map((a) => [a.name, a.files.map((f) => readResult(f))]));
  return { summary, results };
}

/** Only `arms` of the experiment, one repeat, in-process (the runner and bench the CLI calls), with `flags`. */
async function runArms(name: string, arms: string[], options: Parameters<typeof runExperiment>[1] & object): Promise<{ exp: Experiment; summary: ExperimentSummary; results: Map<string, RunResult[]> }> {
  const full = findExperiment(name);
  const exp: Experiment = { ...full, arms: full.arms.filter((a) => arms.includes(a.name)), repeats: 1 };
  expect(exp.arms.map((a) => a.name)).toEqual(arms);
  const dir = mkdtempSync(join(tmpdir(), `exp-${name}-`));
  const { summary } = await runExperiment(exp, { resultsDir: dir, runId: 't1', ...options });
  expect(summary.aborted).toBeUndefined();
  expect(existsSync(join(dir, 'experiments', name, 'latest.json'))).toBe(true);
  const results = new Map(summary.arms.map((a) => [a.name, a.files.map((f) => readResult(f))]));
  return { exp, summary, results };
}

/** Recomputes every metric from the arm files and the verdict from those values: both must equal the summary's. */
function expectFromMeasurement(name: string, summary: ExperimentSummary, results: Map<string, RunResult[]>, exp: Experiment = findExperiment(name)): void {
  const values: ArmValues[] = exp.arms.map((arm) => {
    const runs = results.get(arm.name)!;
    expect(runs.length, arm.name).toBe(1);
    const v = Object.fromEntries(exp.metrics.map((m) => [m.key, runs.map((r) => m.read(r)).filter((x): x is number => x !== null && Number.isFinite(x))]));
    for (const m of exp.metrics) expect(summary.arms.find((a) => a.name === arm.name)!.metrics[m.key].values, `${arm.name} ${m.key}`).toEqual(v[m.key]);
    return { arm: arm.name, values: v, results: runs };
  });
  expect(values.every((a) => a.values[exp.metrics[0].key].length === 1), 'every arm measured the headline').toBe(true);
  expect(summary.verdict).toEqual(exp.verdict(values));
}

describe('cache experiments, shortened, on real processes', () => {
  it('ttl-jitter: each arm runs with its own jitter, the fill happens, DB reads per interval are recorded', async () => {
    // The third arm (± 10 %, the app's default) is the same run with another jitter value: its options carry it.
    const full = findExperiment('ttl-jitter');
    const armJitter = (arm: string) => normalizeBenchOptions({ ...mergeBenchInputs(full.base, full.arms.find((a) => a.name === arm)!.overrides), stage: 2 }).topology.ttlJitter;
    expect(full.arms.map((a) => [a.name, armJitter(a.name)])).toEqual([['no-jitter', 0], ['jitter', 0.5], ['jitter-10', 0.1]]);

    const { exp, summary, results } = await runArms('ttl-jitter', ['no-jitter', 'jitter'], { flags: { stepDurationS: 7, warmupS: 1 } });
    for (const [arm, jitter] of [['no-jitter', 0], ['jitter', 0.5]] as const) {
      const r = results.get(arm)![0];
      expect(r.config.topology?.ttlJitter, arm).toBe(jitter);
      const step = r.steps.find((s) => s.kind === 'tier')!;
      // The burst is bounded by its +for window: on a loaded box its last few codes may miss it (194 of 200 seen).
      const fill = step.faults![0].outcome;
      expect(fill.codes, `${arm} fill`).toBe(200);
      expect(fill.answered, `${arm} fill`).toBeGreaterThanOrEqual(180);
      expect(step.counterTimeline!.length).toBeGreaterThanOrEqual(20);
      expect(step.counterTimeline!.reduce((s, p) => s + (p.counters.dbReads ?? 0), 0)).toBeGreaterThan(0);
    }
    expectFromMeasurement('ttl-jitter', summary, results, exp);
  }, 240_000);

  it('stampede: the hot key is watched in both arms; without the defences the apps run with --no-stampede-defences', async () => {
    const { summary, results } = await runShort('stampede', ['--step-duration', '3s', '--warmup', '1s']);
    const watch = (arm: string) => results.get(arm)![0].steps.find((s) => s.kind === 'tier')!.faults!.find((f) => f.kind === 'watch-hot-key')!.outcome;
    expect(watch('defences').stampedeDefences).toBe(1);
    expect(watch('none').stampedeDefences).toBe(0);
    // The 1 s TTL expires on its own during a 3 s step: the hot key is filled again in both arms.
    expect(watch('defences').fills).toBeGreaterThan(1);
    expect(watch('none').fills).toBeGreaterThan(1);
    expect(results.get('none')![0].emulated.join(' ')).toMatch(/DB round trip on each cache miss: 40 ms/);
    expectFromMeasurement('stampede', summary, results);
  }, 240_000);

  it('eviction: each arm runs its policy in a Redis well below the working set, which evicts', async () => {
    const { summary, results } = await runShort('eviction', ['--step-duration', '5s', '--warmup', '2s']);
    for (const arm of ['allkeys-lru', 'allkeys-lfu', 'volatile-ttl']) {
      const info = results.get(arm)![0].steps.find((s) => s.kind === 'tier')!.faults!.find((f) => f.kind === 'redis-info')!;
      expect(info.detail, arm).toContain(`policy ${arm}`);
      expect(info.outcome.maxmemoryBytes).toBe(1300 * 1024);
      // ~200 of ~1,100 keys evicted with a 4 s step here (Redis held ~925): 5 s keeps a margin on a busy box.
      console.info(`${arm}: evicted ${info.outcome.evictedKeys}, keys held ${info.outcome.keysAtEnd}`);
      expect(info.outcome.evictedKeys, `${arm} evicted`).toBeGreaterThan(0);
    }
    expect(summary.notes.join(' ')).toMatch(/WELL BELOW the working set/);
    expectFromMeasurement('eviction', summary, results);
  }, 240_000);
});
