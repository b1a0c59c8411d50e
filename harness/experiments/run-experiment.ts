// The experiment runner: every arm a normal bench run (same stage, workload and seed; the arm's one variable changed),
// repeats interleaved (A B C, A B C…) so drift of a shared box spreads over the arms, then metrics → verdict → summary.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { normalizeBenchOptions, type BenchOptions } from '../bench/bench-options.ts';
import { runBench, type BenchEvents, type BenchRun } from '../bench/run-bench.ts';
import { runStamp } from '../bench/run-id.ts';
import { gitInfo } from '../env/git-info.ts';
import { UserError } from '../errors/user-error.ts';
import type { RunResult } from '../results/result-types.ts';
import { writeJsonAtomic } from '../results/write-result.ts';
import { median } from '../stats/median-ci.ts';
import { armFile, experimentRunDir, latestSummaryPath } from './experiment-paths.ts';
import type { ArmValues, Experiment, ExperimentBenchInput, ExperimentSummary, ExperimentVerdict } from './experiment-types.ts';

/** Options of one experiment run; every field documents its default. */
export interface ExperimentRunOptions {
  /** The user's flags for every arm (step duration, machines, seed links…): over the experiment's base, under each arm's variable (default none). */
  flags?: ExperimentBenchInput;
  /** Runs of each arm (default: the experiment's `repeats`). */
  repeats?: number;
  /** Root of run outputs (default 'results'): files land in <resultsDir>/experiments/<name>/<run-id>/. */
  resultsDir?: string;
  /** Bench progress events (default none). */
  events?: BenchEvents;
  /** Called before each arm's run (default none). */
  onArm?(a: { arm: string; label: string; repeat: number; repeats: number; index: number; total: number }): void;
  signal?: AbortSignal;
  /** The bench entry (a seam for tests; default runBench). */
  runBench?: (o: BenchOptions, events?: BenchEvents, signal?: AbortSignal) => Promise<BenchRun>;
  /** Run id (default: a timestamp). */
  runId?: string;
}

export interface ExperimentRun {
  summary: ExperimentSummary;
  summaryFile: string;
  latestFile: string;
}

/** Merges bench inputs: later layers win, workload/topology/slo merged field by field. */
export function mergeBenchInputs(...layers: ExperimentBenchInput[]): ExperimentBenchInput {
  const out: ExperimentBenchInput = {};
  for (const l of layers) {
    const defined = Object.fromEntries(Object.entries(l).filter(([, v]) => v !== undefined));
    Object.assign(out, defined, {
      workload: { ...out.workload, ...stripUndefined(l.workload) },
      topology: { ...out.topology, ...stripUndefined(l.topology) },
      slo: { ...out.slo, ...stripUndefined(l.slo) },
    });
  }
  return out;
}

export async function runExperiment(exp: Experiment, o: ExperimentRunOptions = {}): Promise<ExperimentRun> {
  const repeats = o.repeats ?? exp.repeats;
  if (!Number.isInteger(repeats) || repeats < 1 || repeats > 20) throw new UserError(`--repeats must be a whole number between 1 and 20 (got ${repeats})`);
  const resultsDir = o.resultsDir ?? 'results';
  const bench = o.runBench ?? runBench;
  const runId = o.runId ?? runStamp();
  const runDir = experimentRunDir(resultsDir, exp.name, runId);
  const startedAt = new Date();
  const git = gitInfo();

  // Every arm's options are checked before anything boots: a bad flag is one line, not a failure after the first arm.
  const armOptions = exp.arms.map((arm) => {
    // Experiments start cold unless they ask otherwise: several measure how caches fill (locality, expiries, eviction).
    const input = mergeBenchInputs({ primeCodes: 0 }, exp.base, o.flags ?? {}, arm.overrides, { progress: true, json: false, updateLatest: false });
    if (input.stage === undefined) throw new Error(`experiment ${exp.name}: base.stage is required`);
    return normalizeBenchOptions({ ...input, stage: input.stage });
  });
  const first = armOptions[0];
  mkdirSync(runDir, { recursive: true });

  const results = new Map<string, { file: string; result: RunResult }[]>(exp.arms.map((a) => [a.name, []]));
  let aborted: string | undefined;
  const total = repeats * exp.arms.length;
  let index = 0;
  outer: for (let r = 1; r <= repeats; r++) {
    for (const [i, arm] of exp.arms.entries()) {
      if (o.signal?.aborted) {
        aborted = String(o.signal.reason ?? 'aborted');
        break outer;
      }
      index++;
      o.onArm?.({ arm: arm.name, label: arm.label, repeat: r, repeats, index, total });
      const file = armFile(runDir, arm.name, r, repeats);
      mkdirSync(dirname(file), { recursive: true });
      // The bench's own files (its result copy, logs) stay inside the experiment's run folder.
      const opts: BenchOptions = { ...armOptions[i], out: file, resultsDir: join(runDir, 'bench', `${arm.name}-${r}`) };
      const { result, paths } = await bench(opts, o.events, o.signal);
      if (paths.length > 0) results.get(arm.name)!.push({ file, result });
      if (result.aborted) {
        aborted = `arm ${arm.name} (run ${r}): ${result.abortReason ?? 'aborted'}`;
        break outer;
      }
    }
  }

  const armValues: ArmValues[] = exp.arms.map((arm) => {
    const runs = results.get(arm.name)!.map((x) => x.result).filter((res) => !res.aborted);
    const values = Object.fromEntries(exp.metrics.map((m) => [m.key, runs.map((res) => m.read(res)).filter((v): v is number => v !== null && Number.isFinite(v))]));
    return { arm: arm.name, values, results: runs };
  });
  const headline = exp.metrics[0].key;
  const missing = armValues.filter((a) => a.values[headline].length === 0).map((a) => a.arm);
  const verdict: ExperimentVerdict =
    aborted !== undefined || missing.length > 0
      ? {
          outcome: 'inconclusive',
          summary: aborted !== undefined ? `stopped early (${aborted}): no verdict` : `no ${exp.metrics[0].label} measured for ${missing.join(', ')}: no verdict`,
          statistics: {},
        }
      : exp.verdict(armValues);

  const summary: ExperimentSummary = {
    schema: 'scaleladder/experiment@1',
    name: exp.name,
    claimId: exp.claimId,
    question: exp.question,
    runId,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    commit: git.commit,
    dirty: git.dirty,
    stage: first.stage,
    machines: machinesLabel(first),
    settings: {
      repeats,
      stepDurationS: first.stepDurationS,
      warmupS: first.warmupS,
      ...(first.rate !== undefined ? { rate: first.rate } : { tiers: first.tiers ?? 'all' }),
      seedLinks: first.seedLinks,
      zipfSkew: first.workload.zipfSkew,
      seed: first.workload.seed,
      calibrateS: first.calibrateS,
    },
    notes: exp.notes ?? [],
    metrics: exp.metrics.map((m) => ({ key: m.key, label: m.label, unit: m.unit, ...(m.better ? { better: m.better } : {}) })),
    arms: exp.arms.map((arm, i) => {
      const runs = results.get(arm.name)!;
      const v = armValues[i];
      const firstRun = v.results[0];
      return {
        name: arm.name,
        label: arm.label,
        overrides: arm.overrides as Record<string, unknown>,
        files: runs.map((x) => x.file),
        metrics: Object.fromEntries(exp.metrics.map((m) => [m.key, { values: v.values[m.key], median: v.values[m.key].length ? median(v.values[m.key]) : null }])),
        ...(exp.series && firstRun ? { series: exp.series.read(firstRun).map((x) => Math.round(x * 1000) / 1000) } : {}),
      };
    }),
    ...(exp.series ? { seriesLabel: exp.series.label } : {}),
    verdict,
    ...(aborted !== undefined ? { aborted } : {}),
  };
  const summaryFile = join(runDir, 'summary.json');
  const latestFile = latestSummaryPath(resultsDir, exp.name);
  writeJsonAtomic(summaryFile, summary);
  // A stopped run keeps its summary in its folder but does not replace the latest complete one that validate reads.
  if (aborted === undefined) writeJsonAtomic(latestFile, summary);
  return { summary, summaryFile, latestFile };
}

function machinesLabel(o: BenchOptions): string {
  const d = o.machines.default;
  const byRole = Object.entries(o.machines.byRole);
  if (d === null && byRole.length === 0) return 'unconstrained (--machine-cpu none)';
  const roles = byRole.length ? `; ${byRole.map(([r, c]) => `${r}=${c}`).join(',')}` : '';
  return `scale model (${d ?? 'per role'}-core machines${roles})`;
}

function stripUndefined<T extends object>(o: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}
