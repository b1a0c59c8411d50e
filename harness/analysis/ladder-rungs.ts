// Pure: one ladder rung per result: knee (model, full-size, interval), the law's prediction, what broke, costs and per-request figures.
import type { RunResult, StepFigureName, StepResult } from '../results/result-types.ts';
import { summarize, decodeHistogram } from '../measure/histogram.ts';
import { kneeFinding, type KneeFinding } from './knee-finding.ts';
import { predictKnee, type KneePrediction } from './knee-law.ts';
import { marginalCostByProcess, marginalCostByRole, type MarginalCost } from './marginal-cost.ts';
import { whatBroke, type WhatBroke } from './what-broke.ts';

type RegionStats = { count: number; latencyUs: { p50?: number; p99: number }; histogram?: string };
type StepWithRegions = StepResult & { byRegion?: Record<string, RegionStats> };
type KneeWithInterval = NonNullable<RunResult['knee']> & { failRate?: number; passRate?: number };

export interface LadderRung {
  stage: number;
  /** App processes of the run (config.topology.appProcesses), for sweeps. */
  appProcesses: number | null;
  label: string;
  aborted: boolean;
  /** Model knee (req/s as driven); with the first confirmed failing rate when the search reports an interval. */
  knee: { rate: number; failRate?: number } | null;
  /** Model size (e.g. 0.1), null without the scale model. */
  scale: number | null;
  /** knee ÷ scale, null without the scale model. */
  fullSizeKnee: { rate: number; failRate?: number } | null;
  /** knee ÷ scale × the limiting machine's calibrated distortion (small-machine cost ÷ whole-core cost), when calibrated. */
  calibrated: { rate: number; component: string; distortion: number } | null;
  prediction: KneePrediction | null;
  finding: KneeFinding | null;
  broke: WhatBroke | null;
  /** The rung's p99 at the tier where the previous rung broke. */
  p99AtPrevBreak: { tier: string; p99Us: number; pass: boolean } | null;
  costByRole: MarginalCost[];
  costByProcess: MarginalCost[];
  dbReadsPerRequest: number | null;
  originRequestsPerRequest: number | null;
  /** Runs on PostgreSQL (--db postgres): the database figures, means over the tier steps (null on SQLite). */
  pg: PgRungFigures | null;
  /** p99 of the farthest region (highest median) at the highest tier step with regions. */
  farRegion: { region: string; p99Us: number; tier: string } | null;
}

export interface PgRungFigures {
  queriesPerRequest: number;
  primaryReadsPerRequest: number;
  replicaReadsPerRequest: number;
  writesPerRequest: number;
  /** CPU-ms per query of the database machines (all, primary, replicas). */
  cpuMsPerQuery: number | null;
  primaryCpuMsPerQuery: number | null;
  replicaCpuMsPerQuery: number | null;
  poolWaitShare: number | null;
  replicas: number;
  lagMsP50: number | null;
  lagMsMax: number | null;
  /** Summed over the tier steps: lag 404s the apps served, and those the clients saw following a create. */
  stale404s: number | null;
  follow404s: number | null;
  followsSent: number | null;
  /** With shards: the PostgreSQL shard servers (each a primary), and the busiest one's writes ÷ the mean (null without). */
  shards: number | null;
  shardWriteSkew: number | null;
  /** fix-age: lookups sent to the primary as younger than the lag bound (summed), and the largest bound (null without). */
  youngPrimaryReads: number | null;
  lagBoundMs: number | null;
}

/** The PostgreSQL figures of a run, or null when it ran on SQLite. */
export function pgRungFigures(r: RunResult): PgRungFigures | null {
  const q = meanFigure(r, ['pgQueriesPerRequest']);
  if (q === null) return null;
  const sum = (k: StepFigureName) => {
    const vals = tierSteps(r).map((s) => s.figures?.[k]).filter((v): v is number => typeof v === 'number');
    return vals.length ? vals.reduce((a, b) => a + b, 0) : null;
  };
  return {
    queriesPerRequest: q,
    primaryReadsPerRequest: meanFigure(r, ['pgPrimaryReadsPerRequest']) ?? 0,
    replicaReadsPerRequest: meanFigure(r, ['pgReplicaReadsPerRequest']) ?? 0,
    writesPerRequest: meanFigure(r, ['pgWritesPerRequest']) ?? 0,
    cpuMsPerQuery: meanFigure(r, ['pgCpuMsPerQuery']),
    primaryCpuMsPerQuery: meanFigure(r, ['pgPrimaryCpuMsPerQuery']),
    replicaCpuMsPerQuery: meanFigure(r, ['pgReplicaCpuMsPerQuery']),
    poolWaitShare: meanFigure(r, ['pgPoolWaitShare']),
    replicas: meanFigure(r, ['pgReadReplicas']) ?? 0,
    lagMsP50: meanFigure(r, ['pgReplicaLagMsP50']),
    lagMsMax: tierSteps(r).reduce<number | null>((m, s) => (typeof s.figures?.pgReplicaLagMsMax === 'number' ? Math.max(m ?? 0, s.figures.pgReplicaLagMsMax) : m), null),
    stale404s: sum('pgReplicaStale404s'),
    follow404s: sum('followAfterCreate404s'),
    followsSent: sum('followAfterCreateSent'),
    shards: meanFigure(r, ['shards']),
    shardWriteSkew: meanFigure(r, ['shardWriteSkew']),
    youngPrimaryReads: sum('pgYoungPrimaryReads'),
    lagBoundMs: tierSteps(r).reduce<number | null>((m, s) => (typeof s.figures?.pgLagBoundMs === 'number' ? Math.max(m ?? 0, s.figures.pgLagBoundMs) : m), null),
  };
}

const tierSteps = (r: RunResult) => r.steps.filter((s) => s.kind === 'tier');

export function appProcessesOf(r: RunResult): number | null {
  return r.config.topology?.appProcesses ?? null;
}

/** Mean of a figure over the tier steps that have it. */
export function meanFigure(r: RunResult, keys: readonly StepFigureName[]): number | null {
  for (const k of keys) {
    const vals = tierSteps(r).map((s) => s.figures?.[k]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    if (vals.length) return vals.reduce((a, b) => a + b, 0) / vals.length;
  }
  return null;
}

/** The lowest-rate tier step that missed the SLO (not generator-bound): where this rung broke among the tiers. */
export function breakTier(r: RunResult): StepResult | undefined {
  return tierSteps(r)
    .filter((s) => !s.slo.pass && !s.loadgenBound && !s.aborted)
    .sort((a, b) => (a.targetRate ?? a.achievedRate) - (b.targetRate ?? b.achievedRate))[0];
}

function farRegion(r: RunResult): LadderRung['farRegion'] {
  const steps = (tierSteps(r) as StepWithRegions[]).filter((s) => s.byRegion && Object.keys(s.byRegion).length > 0);
  if (steps.length === 0) return null;
  const passing = steps.filter((s) => s.slo.pass);
  const pool = passing.length ? passing : steps;
  const s = pool.reduce((a, b) => ((b.targetRate ?? b.achievedRate) > (a.targetRate ?? a.achievedRate) ? b : a));
  const median = (v: RegionStats) => v.latencyUs.p50 ?? (v.histogram ? summarize(decodeHistogram(v.histogram)).p50 : v.latencyUs.p99);
  const [region, stats] = Object.entries(s.byRegion!).filter(([, v]) => v.count > 0).sort((a, b) => median(b[1]) - median(a[1]))[0] ?? [];
  return region ? { region, p99Us: stats.latencyUs.p99, tier: s.tier } : null;
}

/** The full-size knee corrected by the limiting machine's calibration (by name, else the first of its role). */
function calibratedKnee(r: RunResult, fullSize: number, component: string | undefined): LadderRung['calibrated'] {
  const rows = r.scaleModel?.calibration ?? [];
  if (!component || rows.length === 0) return null;
  const role = r.steps.flatMap((s) => s.processes).find((p) => p.name === component)?.role;
  const row = rows.find((c) => c.name === component) ?? rows.find((c) => c.role === role);
  if (!row || !(row.distortion > 0)) return null;
  return { rate: fullSize * row.distortion, component: row.name, distortion: row.distortion };
}

/** Rungs in stage order (then app processes), each compared where asked with the rung before. */
export function ladderRungs(results: readonly RunResult[]): LadderRung[] {
  const sorted = [...results].sort((a, b) => a.stage - b.stage || (appProcessesOf(a) ?? 0) - (appProcessesOf(b) ?? 0));
  const sameStage = (r: RunResult) => sorted.filter((x) => x.stage === r.stage).length > 1;
  const rungs: LadderRung[] = [];
  let prev: RunResult | undefined;
  for (const r of sorted) {
    const k = r.knee as KneeWithInterval | undefined;
    const scale = r.scaleModel && r.scaleModel.scale > 0 ? r.scaleModel.scale : null;
    const knee = k ? { rate: k.rate, ...(k.failRate !== undefined ? { failRate: k.failRate } : {}) } : null;
    const costByProcess = marginalCostByProcess(r.steps);
    const prediction = predictKnee(r.steps, costByProcess) ?? null;
    const prevBreak = prev ? breakTier(prev) : undefined;
    const here = prevBreak ? tierSteps(r).find((s) => s.tier === prevBreak.tier) : undefined;
    const apps = appProcessesOf(r);
    const broke = whatBroke(r) ?? (r.knee ? { rate: r.knee.rate, tier: 'knee', component: '?', cause: r.knee.brokeBy, causes: [] } : null);
    rungs.push({
      stage: r.stage,
      appProcesses: apps,
      label: `${r.stage}${sameStage(r) && apps !== null ? ` ×${apps} apps` : ''}${r.aborted ? ' (aborted)' : ''}`,
      aborted: r.aborted,
      knee,
      scale,
      fullSizeKnee: knee && scale ? { rate: knee.rate / scale, ...(knee.failRate !== undefined ? { failRate: knee.failRate / scale } : {}) } : null,
      prediction,
      finding: prediction ? (kneeFinding(r, prediction) ?? null) : null,
      calibrated: knee && scale ? calibratedKnee(r, knee.rate / scale, prediction?.component ?? broke?.causes[0]?.component) : null,
      broke,
      p99AtPrevBreak: here ? { tier: here.tier, p99Us: here.latencyUs.p99, pass: here.slo.pass } : null,
      costByRole: marginalCostByRole(r.steps),
      costByProcess,
      dbReadsPerRequest: meanFigure(r, ['dbReadsPerRequest', 'dbReadsPerRedirect']),
      originRequestsPerRequest: meanFigure(r, ['originRequestsPerRequest']),
      pg: pgRungFigures(r),
      farRegion: farRegion(r),
    });
    prev = r;
  }
  return rungs;
}
