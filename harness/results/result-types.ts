// The results JSON (schema scaleladder/result@1): what a run measured, in the shape people compare across commits.
import type { EnvInfo } from '../env/env-info.ts';
import type { RunConfig } from './run-config.ts';
import type { StepFigures } from '../measure/step-figures.ts';

export type { EnvInfo } from '../env/env-info.ts';
export type { RunConfig } from './run-config.ts';
export { figureEntries, type StepFigureName, type StepFigures } from '../measure/step-figures.ts';

export const RESULT_SCHEMA_ID = 'scaleladder/result@1';
export const RESULT_SCHEMA_VERSION = 1;

export type LoadModel = 'open' | 'closed';
/** The load drivers, by name (registry: harness/drivers/index.ts). */
export const DRIVER_NAMES = ['open', 'autocannon', 'k6'] as const;
export type DriverName = (typeof DRIVER_NAMES)[number];

export interface LatencyPercentilesUs {
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
}


export interface ProcessCost {
  name: string;
  role: string;
  pid: number;
  cpuSeconds: number;
  /** cpuSeconds / wall seconds of the step; 1.0 = one full core. */
  utilization: number;
  rssPeakBytes: number;
  /** CPU-ms this process spent per completed request of the step. */
  cpuMsPerRequest: number;
  cpus?: string;
  /** CPU it may use, in cores: its machine budget, else the size of its CPU set, else the machine's cores. */
  allowanceCores?: number;
  /** Its emulated machine's CPU budget (cores) under the scale model. */
  budgetCores?: number;
  /** CFS throttling of its machine over the step (cgroup cpu.stat). */
  throttle?: { periods: number; throttled: number; throttledMs: number };
  /** Involuntary context switches during the step (main thread of each process of the tree; Linux). */
  involuntaryCtxSwitches?: number;
  /** Time runnable but waiting for a CPU during the step, ms (main thread of each process of the tree; Linux schedstat). */
  runQueueWaitMs?: number;
}

/** How noisy the machine was during a step (issue 12 item 14). */
export interface StepNoise {
  /** Share of CPU time stolen by the hypervisor on each CPU set: 'generator' and 'stage' when pinned, else 'machine'. */
  steal: Record<string, number>;
  /** Per process name: share of the step's wall time it was runnable but waiting for a CPU beyond its machine's throttling (a tree: its most-delayed process). */
  runQueueWaitShare: Record<string, number>;
  /** Per process name: involuntary context switches during the step. */
  involuntaryCtxSwitches: Record<string, number>;
}

export interface SloSpec {
  /** p99 latency bound in milliseconds (default 100). */
  p99Ms: number;
  /** Error-rate bound as a fraction (default 0.001 = 0.1 %). */
  errorRate: number;
}

export interface SloVerdict {
  pass: boolean;
  p99Ms: number;
  errorRate: number;
  /** Why it failed (empty when it passed). */
  reasons: string[];
  /** Set when a small step passed although its p99 or error rate is over the bound, because the breaches are within chance. */
  smallSample?: string;
}

export interface IntervalHistogram {
  /** Start of the interval, ms since the step started. */
  startMs: number;
  endMs: number;
  histogram: string;
}

/** One second of a step as clients saw it (open and closed models; absent for k6). */
export interface TimelinePoint {
  /** Start of the interval, seconds since the step started. */
  second: number;
  /** Responses with an expected status that arrived in this second. */
  completed: number;
  /** Failures observed in this second: unexpected statuses, transport errors, timeouts, dropped sends. */
  errors: number;
  /** p99 latency of every response that arrived in this second (µs; 0 when none). */
  p99Us: number;
}

/** One interval of a step's stage counters (bench option counterIntervalMs; experiments read DB reads per second from it). */
export interface CounterTimelinePoint {
  /** Start of the interval, seconds since the step's first counter read (≈ the step's start). */
  second: number;
  /** Length of the interval, ms (≈ counterIntervalMs). */
  durationMs: number;
  /** Differences of the stage counters over the interval (dbReads, redisHits, redisMisses, localHits, lockWaits…). */
  counters: Record<string, number>;
}

/** What an injected fault did, when, and what clients saw (see harness/faults). */
export interface FaultRecord {
  /** e.g. 'kill-app', 'stop-redis', 'hot-key-expiry', 'origin-down', 'writer-contention'. */
  kind: string;
  /** What it acted on: a service name ('app-1', 'redis', 'nginx'), a Redis key ('link:<code>'), or 'workload'. */
  target: string;
  /** When it was applied, ms since the step started. */
  atMs: number;
  /** Process it signalled, when it signalled one. */
  pid?: number;
  /** What was done, in words (signal, restart delay, interval…). */
  detail: string;
  /** Its actions in order (kill, restart, serving again…), ms since the step started. */
  events: { atMs: number; what: string }[];
  /** Measured figures of this fault (client errors, impact and recovery in ms, counters); keys documented per fault. */
  outcome: Record<string, number>;
  /** Caveats for the reader (a restart that came after the load stopped, a counter that could not be read…). */
  notes?: string[];
  /** Per-interval rates of stage counters around the fault (add-app): interval i ends at atMs[i], step clock. */
  series?: { periodMs: number; atMs: number[]; perS: Record<string, number[]> };
}

export interface StepResult {
  tier: string;
  users: number | null;
  kind: 'warmup' | 'tier' | 'probe' | 'knee';
  model: LoadModel;
  driver: DriverName;
  /** Intended arrival rate (open model); null for closed-model probes. */
  targetRate: number | null;
  achievedRate: number;
  durationS: number;
  connections: number;
  requests: { sent: number; completed: number; lateSends: number; dropped: number };
  statusCounts: Record<string, number>;
  errors: Record<string, number>;
  errorRate: number;
  /** Percentiles of the corrected latency of successful responses (open model: from the scheduled send). */
  latencyUs: LatencyPercentilesUs;
  /** Corrected latency histogram of successful responses, HdrHistogram compressed base64. */
  histogram: string;
  /**
   * Every response beside the success-only headline: error statuses, timeouts at their age, unfinished requests at their
   * age (a lower bound). Absent in older results, where `histogram` held every answered response.
   */
  allResponses?: { count: number; latencyUs: LatencyPercentilesUs; histogram: string };
  /** Latency from the actual send (open model only), to show what coordinated omission would hide. */
  uncorrected?: { latencyUs: LatencyPercentilesUs; histogram: string };
  byEndpoint: Record<string, { count: number; latencyUs: LatencyPercentilesUs; histogram: string }>;
  /** Per client region: latency of successful responses, emulated distance included (workloads with a region mix). */
  byRegion?: Record<string, { count: number; latencyUs: LatencyPercentilesUs; histogram: string }>;
  /** Generator's own lag between scheduled and actual send (open model). */
  schedulingLag?: { latencyUs: LatencyPercentilesUs; histogram: string };
  /** Wait between handing a request to the HTTP client and it getting a pooled connection (open model, answered requests). */
  poolWait?: { latencyUs: LatencyPercentilesUs; histogram: string };
  /** Workloads with emulated users (`workload.users`): redirect clicks made, and how many the users' browser caches answered without a request. */
  clientCache?: { clicks: number; browserHits: number };
  /** One histogram per second: an HdrHistogram interval log in JSON form. */
  intervals: IntervalHistogram[];
  /** Per second: successes, errors, p99 (driver-recorded; absent for drivers without it and in older results). */
  timeline?: TimelinePoint[];
  /** Per interval: the stage's counters (only when the bench was asked for them: counterIntervalMs). */
  counterTimeline?: CounterTimelinePoint[];
  /** Faults injected during this step (--fault), with what clients saw. */
  faults?: FaultRecord[];
  processes: ProcessCost[];
  loadgen: ProcessCost;
  loadgenBound: boolean;
  loadgenBoundReason?: string;
  /**
   * Why this step's SLO verdict cannot be pinned on the target, e.g. "generator lag p99 … (inconclusive: generator
   * lag)" or "noisy machine: …"; the knee search never counts such a failure as the target's. Absent when none.
   */
  inconclusive?: string[];
  /** Steal and preemption measured during the step. */
  noise?: StepNoise;
  /** Set when steal or preemption was material: the step's failure is not trusted as the target's. */
  noisyMachine?: boolean;
  slo: SloVerdict;
  /** Stage-specific figures: hit ratios, DB reads per redirect, origin fetches… (typed: harness/measure/step-figures.ts). */
  figures: StepFigures;
  /** What limited this step, attributed from measurements (saturated process or contended resource). */
  bottleneck?: string;
  /** Set when the step stopped early (Ctrl-C, crash). */
  aborted?: boolean;
  /** What kind of load it was, when the model alone does not say: 'closed model, rate-limited, coordinated omission possible' (autocannon at a tier's rate) or 'closed model, maximum throughput' (--max). */
  loadLabel?: string;
  /**
   * autocannon at a tier's rate: the open-model driver was run at the same tier right after, and this is how far
   * autocannon's p99 is from it (ratio = closed / open): what the usual tool would have told you.
   */
  closedVsOpen?: { openP99Us: number; closedP99Us: number; ratio: number; note: string };
}

export interface KneeResult {
  /** The knee's lower end: the highest rate that passed (the interval is [rate, failRate]). */
  rate: number;
  /** The knee's upper end: the lowest confirmed failure above `rate` (failed twice); absent when none was confirmed. */
  failRate?: number;
  slo: SloSpec;
  /** What broke at the next step up. */
  brokeBy: string;
  /**
   * Every probe in order; `repeat`: the second try of a failed probe; `inconclusive`: why it was not the target's failure;
   * `step`: index of the probe's measured step in the result's `steps` (kind 'knee'; absent in older results).
   */
  probes: { rate: number; pass: boolean; p99Ms: number; errorRate: number; loadgenBound: boolean; repeat?: boolean; inconclusive?: string[]; step?: number }[];
}

export interface RunResult {
  schema: typeof RESULT_SCHEMA_ID;
  schemaVersion: number;
  tool: { name: 'scaleladder'; version: string };
  stage: number;
  commit: string | null;
  dirty: boolean | null;
  env: EnvInfo;
  /** What the run was asked to do (typed: harness/results/run-config.ts). */
  config: RunConfig;
  configHash: string;
  startedAt: string;
  finishedAt: string;
  aborted: boolean;
  abortReason?: string;
  /** Things that were emulated (RTTs, injected delays), labelled so nobody mistakes them for measured. */
  emulated: string[];
  seed: { links: number; ms: number };
  /** The cache priming after boot (--prime): codes, requests, failures, wall time; absent when nothing was primed. */
  prime?: PrimeOutcome;
  bootMs: number;
  steps: StepResult[];
  knee?: KneeResult;
  /** The scale model the run used: each process on an emulated machine with a CPU budget, rates scaled by `scale`. */
  scaleModel?: ScaleModelInfo;
  /** Clicks the generator got (redirects) vs clicks stored in the SQLite file(s) after every process stopped (absent on PostgreSQL or --target). */
  clicks?: ClickLedger;
}

export interface ClickLedger {
  /** Redirects (301/302) the generator received over the whole run: calibration, warm-up and steps. */
  made: number;
  /** Clicks added to the database between boot and the end of the run (after the final flushes of a clean stop). */
  recorded: number;
  /** made − recorded: clicks acknowledged to users and never stored (a crash, a cache answering in front). */
  lost: number;
  /** lost ÷ made. */
  lostShare: number;
  /** False when the ledger cannot see every click (a CDN in front, knee probes' unmeasured seconds); notes say why. */
  exact: boolean;
  /** True when a kill-app fault ran in the run. */
  afterKill?: boolean;
  notes?: string[];
}

export interface ScaleModelInfo {
  /** How the budgets were enforced; 'none' = they were not (the reason says why), and the model is not a model. */
  enforcement: 'cgroup2' | 'cgroup1' | 'systemd-scope' | 'none';
  reason: string;
  /** CFS quota period (µs). */
  periodUs: number;
  /** Model size of the reference (app) machine in cores: full-size equivalent rate = model rate ÷ scale. */
  scale: number;
  machines: { name: string; role: string; cpu: number }[];
  /** Budgets add up to more than the stage's CPU set (--allow-oversubscribe). */
  oversubscribed: boolean;
  /** Same short step unconstrained and on the budgets: how much more a request costs on the small machine. */
  calibration?: { name: string; role: string; rate: number; unconstrainedCpuMsPerRequest: number; budgetedCpuMsPerRequest: number; distortion: number; label?: string }[];
}

/** The cache priming after boot (harness/bench/prime-caches.ts). */
export interface PrimeOutcome {
  /** Hottest codes requested (ranks 1..codes). */
  codes: number;
  /** Requests sent in all (entry GETs, and per-app HEADs where no admin token lets the cache warmers fill the LRUs). */
  requests: number;
  /** Requests that failed or got a status ≥ 400 (a cold cache stays cold for those). */
  failed: number;
  /** Wall time of the priming, ms. */
  ms: number;
  /** What was primed: 'entry' and the apps warmed directly. */
  targets: string[];
  /** Seeded links written into Redis by the app's cache warmer (POST /api/ops/warm-cache); absent without Redis. */
  redisWarmed?: number;
  /** Entries the apps' cache warmers wrote into their local LRUs (summed), with steady-state ages; absent without local LRUs. */
  localWarmed?: number;
}
