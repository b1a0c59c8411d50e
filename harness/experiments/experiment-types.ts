// What an experiment is: one claim, one variable changed across arms (each a normal bench run), metrics read from
// each arm's result, and a verdict with its statistics. Adding one = a file harness/experiments/<name>.ts + a registry line.
import type { BenchInput } from '../bench/bench-options.ts';
import type { RunResult } from '../results/result-types.ts';

/** Bench options an experiment or an arm sets: the same input `normalizeBenchOptions` takes (stage included). */
export type ExperimentBenchInput = Partial<BenchInput>;

/** One side of the comparison: a bench run with these overrides on top of the experiment's base options. */
export interface ExperimentArm {
  /** Short kebab-case name; the arm's result file is `<arm>.json` (or `<arm>/run-<i>.json` with repeats). */
  name: string;
  /** What this arm changes, in words (shown in the arms table). */
  label: string;
  /** The one variable, as bench options merged over `Experiment.base` and the user's flags (the arm wins). */
  overrides: ExperimentBenchInput;
}

/** A number read from one arm's result (one value per repeat). */
export interface ExperimentMetric {
  /** Key in the summary JSON, e.g. 'dbReadsPeakToMean'. */
  key: string;
  /** Column title, e.g. 'DB reads/s peak÷mean'. */
  label: string;
  /** Unit for display: 'ratio', 'fraction', 'ms', 'req/s', 'count'… */
  unit: string;
  /** Which way is better for the technique under test (drives nothing but the table's arrow). */
  better?: 'lower' | 'higher';
  /** Reads the value from one arm's run; null when the run does not have it (e.g. aborted before the step). */
  read(result: RunResult): number | null;
}

/** How the measurement bears on the claim. */
export type ExperimentOutcome = 'confirms' | 'contradicts' | 'inconclusive';

export interface ExperimentVerdict {
  outcome: ExperimentOutcome;
  /** One line with the numbers, e.g. "without jitter DB reads/s peak ÷ mean 4.1 vs 1.3 with it (p = 0.03)". */
  summary: string;
  /** The statistics behind it: effect size, p-value, n, thresholds… (numbers or short strings). */
  statistics: Record<string, number | string>;
}

/** What the verdict function gets: per arm, every metric's values (one per repeat, nulls dropped). */
export interface ArmValues {
  arm: string;
  values: Record<string, number[]>;
  /** The arm's results (one per repeat), for verdicts that need more than the metrics. */
  results: RunResult[];
}

/** A per-second series an experiment wants charted (e.g. DB reads per second), read from one arm's result. */
export interface ExperimentSeries {
  /** Chart title / y label, e.g. 'DB reads per second'. */
  label: string;
  read(result: RunResult): number[];
}

/**
 * A controlled comparison: the same stage, workload and seed in every arm, one variable changed.
 * Keep the definition data plus small pure functions; the runner (run-experiment.ts) does the running and writing.
 */
export interface Experiment {
  /** kebab-case; `scaleladder experiment <name>`, `make experiment-<name>`, results/experiments/<name>/. */
  name: string;
  /** Id of its claim in claims/seed-claims.yaml (validate reads this experiment's latest summary for it). */
  claimId: string;
  /** The question in one line, e.g. "Does TTL jitter flatten the DB reads of keys filled together?" */
  question: string;
  /** What the arms share: stage, tiers or rate, step duration, workload, machines (`machineCpu: 'none'` = unconstrained). */
  base: ExperimentBenchInput;
  arms: ExperimentArm[];
  /** Runs of each arm by default (1 unless the effect is small next to the noise; --repeats overrides). */
  repeats: number;
  /** Metrics of the table, the first being the headline the claim is about. */
  metrics: ExperimentMetric[];
  /** Optional per-second series for the report's chart (default: the headline metric per arm as bars). */
  series?: ExperimentSeries;
  /** Decides from the measured values (never from the arm names alone). */
  verdict(arms: ArmValues[]): ExperimentVerdict;
  /** Lines printed and kept with the result: settings that matter ("maxmemory 2mb, well below the working set"). */
  notes?: string[];
}

/** The summary JSON of one experiment run (results/experiments/<name>/<run-id>/summary.json and <name>/latest.json). */
export interface ExperimentSummary {
  schema: 'scaleladder/experiment@1';
  name: string;
  claimId: string;
  question: string;
  runId: string;
  startedAt: string;
  finishedAt: string;
  commit: string | null;
  dirty: boolean | null;
  stage: number;
  /** 'scale model 1:10 (0.1-core machines)' or 'unconstrained (--machine-cpu none)'. */
  machines: string;
  /** Settings every arm shared (step duration, rate, repeats…), for the reader. */
  settings: Record<string, unknown>;
  notes: string[];
  metrics: { key: string; label: string; unit: string; better?: 'lower' | 'higher' }[];
  arms: {
    name: string;
    label: string;
    overrides: Record<string, unknown>;
    /** Result files, relative to the repository (one per repeat). */
    files: string[];
    /** Per metric: the values (one per repeat) and their median. */
    metrics: Record<string, { values: number[]; median: number | null }>;
    /** The first repeat's per-second series when the experiment defines one. */
    series?: number[];
  }[];
  seriesLabel?: string;
  verdict: ExperimentVerdict;
  /** Set when a run stopped early (Ctrl-C, crash); the verdict is then inconclusive. */
  aborted?: string;
}
