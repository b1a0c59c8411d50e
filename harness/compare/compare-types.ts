// Types of a comparison of two sets of runs: per stage × tier × step kind, one row per metric with its verdict.
import type { EnvInfo } from '../results/result-types.ts';

export type Verdict = 'better' | 'worse' | 'no significant change';
export type Direction = 'lower' | 'higher';

/** 'repeated': ≥ 5 runs each side, Mann–Whitney U; 'single-run': fewer, histogram/threshold-based, not a significance test. */
export type CompareMode = 'repeated' | 'single-run';

export type TestName = 'mann-whitney-exact' | 'mann-whitney-normal' | 'histogram-percentile-ci' | 'two-proportion-z' | 'threshold-only';

export interface CompareOptions {
  /** Relative change a significant difference must reach to count as better/worse (default 0.05 = 5 %). */
  threshold: number;
  /** Significance level of the tests (default 0.05). */
  alpha?: number;
  /** Runs per side needed for the repeated-runs statistics (default 5). */
  minRepeats?: number;
  /** Whether a "worse" verdict from single runs sets exit code 1 (default false: single-run verdicts inform, repeats gate; `--gate-single-run`). */
  gateOnSingleRun?: boolean;
}

export interface SideStat {
  /** Runs that had this metric. */
  n: number;
  /** Median of the runs (repeated), or the value of the merged histogram / median of the few runs (single-run). */
  center: number;
  /** Confidence interval of the center, when one could be computed. */
  lo?: number;
  hi?: number;
  /** Confidence level the interval achieves (order statistics: may be below 95 % for small n). */
  ciLevel?: number;
  /** The per-run values. */
  samples: number[];
}

export interface MetricComparison {
  /** Stable key, e.g. 'p99', 'achievedRate', 'cpu:app', 'knee'. */
  metric: string;
  label: string;
  unit: string;
  direction: Direction;
  mode: CompareMode;
  base: SideStat;
  head: SideStat;
  /** (head − base) / |base| (error rate: divided by max(base, the 0.1 % error budget)); ±Infinity when base is 0. */
  relDelta: number;
  absDelta: number;
  test: TestName;
  pValue?: number;
  /** pValue after Holm's adjustment over the tested metrics of this stage · tier comparison; `significant` uses it. */
  pAdjusted?: number;
  /** How many metrics of this stage · tier comparison were tested (the Holm family; intervals use Bonferroni α/m). */
  family?: number;
  /** The test (or, for single runs, the noise bound) says the two sides differ. */
  significant: boolean;
  /** |relDelta| ≥ threshold. */
  pastThreshold: boolean;
  verdict: Verdict;
  /** Whether a "worse" verdict here sets exit code 1 (not for loadgen-bound steps or, if so configured, single runs). */
  gates: boolean;
  /** One line explaining the verdict, e.g. "p=0.008 < 0.05, +20.1 % past ±5 %". */
  reason: string;
}

export interface GroupComparison {
  /** e.g. "stage1/10k", "stage1/probe/c=64", "stage3/knee". */
  key: string;
  stage: number;
  tier: string;
  kind: string;
  connections?: number;
  /** Some run of either side flagged this step as limited by the load generator. */
  loadgenBound: boolean;
  metrics: MetricComparison[];
}

export interface EnvSummary {
  runs: number;
  stages: number[];
  commits: (string | null)[];
  cpuModel: string;
  cores: number;
  node: string;
  configHashes: string[];
  env: EnvInfo | null;
}

export interface Comparison {
  threshold: number;
  alpha: number;
  minRepeats: number;
  base: EnvSummary;
  head: EnvSummary;
  groups: GroupComparison[];
  /** Groups present on one side only (not compared). */
  onlyInBase: string[];
  onlyInHead: string[];
  warnings: string[];
  /** Facts a reader needs to weigh the numbers (e.g. the CI level reached with few runs). */
  notes: string[];
  counts: { better: number; worse: number; unchanged: number; gatingWorse: number };
  /** 1 when any gating metric is significantly worse past the threshold. */
  exitCode: 0 | 1;
}
