// One stage's answers: does one box hold the target, and otherwise how many app processes, how much Redis, what CDN hit ratio, how many shards.
import { saturationOf } from '../analysis/saturation.ts';
import type { RunResult, StepFigureName } from '../results/result-types.ts';
import { uslThroughput } from '../stats/usl-fit.ts';
import { FIGURE_KEYS } from './plan-assumptions.ts';
import { bytes, int, percent, sig } from '../render/format-units.ts';
import type { PlanAssumption, PlanAssumptions, PlanNumber, PlanTarget, StagePlan, UslReport } from './plan-types.ts';
import type { StageMeasurements } from './stage-measurements.ts';
import { uslReports } from './usl-points.ts';

export interface StagePlanContext {
  target: PlanTarget;
  assumptions: PlanAssumptions;
  /** Every stage's measurements, for values a stage lacks but another measured (origin capacity, bytes per mapping). */
  all: StageMeasurements[];
}

function measuredOr(
  m: StageMeasurements,
  ctx: StagePlanContext,
  keys: readonly StepFigureName[],
  name: string,
  unit: string,
  fallback: number,
): { value: number; assumption: PlanAssumption } {
  const own = m.figure(keys);
  if (own !== null) return { value: own, assumption: { name, value: own, unit, source: 'measured', note: `stage ${m.stage} figure ${keys[0]}` } };
  for (const other of ctx.all) {
    const v = other.figure(keys);
    if (v !== null) return { value: v, assumption: { name, value: v, unit, source: 'measured', note: `stage ${other.stage} figure ${keys[0]}` } };
  }
  const why = keys.length > 0 ? `no run measured it (figure ${keys[0]})` : 'bench runs do not measure it';
  return { value: fallback, assumption: { name, value: fallback, unit, source: 'assumed', note: why } };
}

function appProcesses(m: StageMeasurements, ctx: StagePlanContext, usl: UslReport[]): PlanNumber {
  const util = ctx.assumptions.usableUtilizationPerCore;
  const rate = ctx.target.peakRate;
  const appMs = m.costs.get('app');
  const utilA: PlanAssumption = { name: 'usable utilization per core', value: util, source: 'assumed' };
  if (appMs === undefined) {
    return { label: 'app processes', value: null, unit: 'processes', formula: 'target × app CPU-ms/req ÷ (1000 × usable utilization)', assumptions: [utilA], note: 'no app CPU per request in these results' };
  }
  const raw = (rate * appMs) / (1000 * util);
  const value = Math.max(1, Math.ceil(raw - 1e-9));
  let note = 'CPU only: assumes the balancer and the stores keep up (see components)';
  const byProcs = usl.find((u) => u.basis.startsWith('capacity vs app processes') && u.fit.ok);
  if (byProcs && byProcs.fit.ok) {
    const f = byProcs.fit;
    const predicted = uslThroughput(value, f);
    note =
      value > f.peakN
        ? `USL: throughput peaks at N* ≈ ${sig(f.peakN)} processes (${int(f.peakX)} req/s); ${value} processes would not hold ${int(rate)} req/s on a shared bottleneck — fix it (shards, CDN) before adding processes`
        : `USL predicts ${int(predicted)} req/s at ${value} processes (σ ${sig(f.sigma)}, κ ${sig(f.kappa)}); ${predicted >= rate ? 'enough' : 'short of the target: contention, not CPU, limits'}`;
  }
  return {
    label: 'app processes',
    value,
    unit: 'processes',
    formula: `${int(rate)} req/s × ${sig(appMs)} CPU-ms/req ÷ (1000 × ${util}) = ${sig(raw)} → ${value}`,
    assumptions: [{ name: 'app CPU-ms per request', value: appMs, unit: 'ms', source: 'measured', note: m.costSource }, utilA],
    note,
  };
}

function redisMemory(m: StageMeasurements, ctx: StagePlanContext): PlanNumber {
  const a = ctx.assumptions;
  const t = ctx.target;
  const perMapping = measuredOr(m, ctx, FIGURE_KEYS.bytesPerMapping, 'bytes per mapping', 'B', a.bytesPerMapping);
  const hotLinks = a.hotFraction * t.linksPerDay * a.retentionDays;
  const value = hotLinks * perMapping.value;
  return {
    label: 'Redis memory for the hot set',
    value,
    unit: 'bytes',
    formula: `${a.hotFraction * 100} % × ${int(t.linksPerDay)} links/day × ${a.retentionDays} days = ${int(hotLinks)} hot links × ${sig(perMapping.value)} B = ${bytes(value)}`,
    assumptions: [
      { name: 'hot fraction of links', value: a.hotFraction, source: 'assumed', note: 'seed: top 1 % = 90 % of traffic' },
      { name: 'links kept', value: a.retentionDays, unit: 'days', source: 'assumed' },
      perMapping.assumption,
    ],
    note: 'data only: add Redis base memory and fragmentation headroom',
  };
}

function cdnHitRatio(m: StageMeasurements, ctx: StagePlanContext): PlanNumber {
  const t = ctx.target;
  const origin = m.stage <= 3 ? m : [...ctx.all].filter((s) => s.stage <= 3 && s.capacity !== null).sort((a, b) => b.stage - a.stage)[0];
  const measuredHit = m.figure(FIGURE_KEYS.cdnHitRatio);
  const hitNote = measuredHit !== null ? `measured hit ratio at stage ${m.stage}: ${percent(measuredHit)}` : undefined;
  const base = { label: 'CDN hit ratio needed', unit: 'ratio', formula: 'h ≥ 1 − (origin capacity − writes) ÷ reads' };
  if (!origin || origin.capacity === null) {
    return { ...base, value: null, assumptions: [], note: `no measured origin capacity (stages 1–3) to size the CDN against${hitNote ? `; ${hitNote}` : ''}` };
  }
  const cap = origin.capacity;
  const capA: PlanAssumption = { name: `origin capacity (stage ${origin.stage})`, value: cap, unit: 'req/s', source: 'measured', note: origin.capacitySource };
  const mixA: PlanAssumption = { name: 'a miss costs the origin what an average request does', value: 'yes', source: 'assumed' };
  if (cap < t.peakWriteRate) {
    return { ...base, value: null, assumptions: [capA], note: `writes alone (${sig(t.peakWriteRate)}/s) exceed the origin's ${int(cap)} req/s: a CDN cannot help, shard the writes` };
  }
  const need = t.peakReadRate > 0 ? Math.min(1, Math.max(0, 1 - (cap - t.peakWriteRate) / t.peakReadRate)) : 0;
  return {
    ...base,
    value: need,
    formula: `1 − (${int(cap)} − ${sig(t.peakWriteRate)} writes/s) ÷ ${int(t.peakReadRate)} reads/s = ${percent(need)}`,
    assumptions: [capA, mixA],
    note: need === 0 ? `the origin holds the target without a CDN${hitNote ? `; ${hitNote}` : ''}` : hitNote,
  };
}

function shards(m: StageMeasurements, ctx: StagePlanContext): PlanNumber {
  const t = ctx.target;
  const ceiling = measuredOr(m, ctx, FIGURE_KEYS.shardWriteCeiling, 'writes/s per shard', 'writes/s', ctx.assumptions.shardWriteCeiling);
  const raw = t.peakWriteRate / ceiling.value;
  const value = Math.max(1, Math.ceil(raw - 1e-9));
  return {
    label: 'shards for the write rate',
    value,
    unit: 'shards',
    formula: `${sig(t.peakWriteRate)} writes/s ÷ ${int(ceiling.value)} writes/s per shard = ${sig(raw)} → ${value}`,
    assumptions: [ceiling.assumption],
    note: ceiling.assumption.source === 'assumed' ? 'measure the per-shard ceiling with stage 5 to replace the assumption' : undefined,
  };
}

/**
 * Lookups/s one one-core replica served, measured at a knee: a run with replicas whose knee search failed above the
 * knee with its replica machines saturated. At the knee's passing probe: achieved rate × replica lookups per request ÷
 * the replicas' cores (each replica's machine budget). The highest such figure over the runs; undefined without one.
 */
export function measuredReplicaReads(runs: readonly RunResult[]): { perCore: number; note: string } | undefined {
  let best: { perCore: number; note: string } | undefined;
  for (const r of runs) {
    const k = r.knee;
    if (!k || k.failRate === undefined) continue;
    const passIdx = k.probes.filter((p) => p.pass && p.rate === k.rate && p.step !== undefined).at(-1)?.step;
    const failIdx = k.probes.filter((p) => !p.pass && p.rate === k.failRate && p.step !== undefined).at(-1)?.step;
    const pass = passIdx !== undefined ? r.steps[passIdx] : undefined;
    const fail = failIdx !== undefined ? r.steps[failIdx] : undefined;
    const perRequest = pass?.figures.pgReplicaReadsPerRequest;
    if (!pass || !fail || perRequest === undefined || perRequest <= 0) continue;
    const replicasAt = (s: typeof pass) => s.processes.filter((p) => p.role === 'db' && p.name.startsWith('pg-replica-'));
    const cores = replicasAt(pass).reduce((a, p) => a + (p.budgetCores ?? 0), 0);
    // Only a knee the replicas set: they were saturated one step up (else the app or the primary broke first).
    if (cores <= 0 || !replicasAt(fail).some((p) => saturationOf(p).saturated)) continue;
    const perCore = (pass.achievedRate * perRequest) / cores;
    if (best === undefined || perCore > best.perCore) {
      best = { perCore, note: `stage ${r.stage} knee ${int(k.rate)} req/s × ${sig(perRequest)} replica lookups/req on ${sig(cores)} replica cores; the replicas saturated at ${int(k.failRate)} req/s` };
    }
  }
  return best;
}

/**
 * Read replicas for the target: DB lookups per client request (measured at this stage, so its cache hit ratio is in
 * it) × the target rate ÷ the lookups/s one one-core replica served at a knee its replicas set (measured), or, without
 * such a run, ÷ what a lookup's CPU-ms on a replica machine allows at the usable utilization.
 * Only for stages whose runs were on PostgreSQL.
 */
function readReplicas(m: StageMeasurements, runs: readonly RunResult[], ctx: StagePlanContext): PlanNumber | undefined {
  const replicaReads = m.figure(FIGURE_KEYS.pgReplicaReads);
  const primaryReads = m.figure(FIGURE_KEYS.pgPrimaryReads);
  if (replicaReads === null && primaryReads === null) return undefined;
  const reads = (replicaReads ?? 0) + (primaryReads ?? 0);
  const util = ctx.assumptions.usableUtilizationPerCore;
  const rate = ctx.target.peakRate;
  const hit = m.figure(FIGURE_KEYS.cacheHitRatio);
  const base = { label: 'read replicas for the DB lookups', unit: 'replicas' };
  const at = `stage ${m.stage}${hit !== null ? ` at cache hit ratio ${percent(hit)}` : ''}`;
  // Each measured share as its own input (a replica miss also reads the primary): the plan sums them.
  const readsA: PlanAssumption[] = [
    ...(replicaReads !== null ? [{ name: 'DB lookups per request on replicas', value: replicaReads, source: 'measured', note: at } as PlanAssumption] : []),
    ...(primaryReads !== null ? [{ name: 'DB lookups per request on the primary', value: primaryReads, source: 'measured', note: at } as PlanAssumption] : []),
  ];
  const utilA: PlanAssumption = { name: 'usable utilization per core', value: util, source: 'assumed' };
  const costOf = (keys: readonly StepFigureName[], what: string, note = ''): PlanAssumption | undefined => {
    const own = m.figure(keys) ?? ctx.all.map((o) => o.figure(keys)).find((v) => v !== null) ?? null;
    return own !== null && own > 0 ? { name: `CPU-ms per query on a ${what} machine`, value: own, unit: 'ms', source: 'measured', note: `figure ${keys[0]}${note}` } : undefined;
  };
  // A replica's own cost when a run had replicas; else the primary's mixed cost stands in. Both are shown when measured.
  const replicaCost = costOf(FIGURE_KEYS.pgReplicaCpuMsPerQuery, 'replica');
  const primaryCost = costOf(FIGURE_KEYS.pgCpuMsPerQuery, 'primary', replicaCost ? ' (shown, not used: replicas measured their own)' : ' (no run with replicas)');
  const cost = replicaCost ?? primaryCost;
  const atKnee = measuredReplicaReads(runs);
  if (atKnee !== undefined) {
    const readsPerS = rate * reads;
    const raw = readsPerS / atKnee.perCore;
    const value = Math.max(1, Math.ceil(raw - 1e-9));
    const served: PlanAssumption = { name: 'lookups/s one one-core replica served at a knee', value: Math.round(atKnee.perCore), unit: 'lookups/s', source: 'measured', note: atKnee.note };
    return {
      ...base,
      value,
      formula: `${int(rate)} req/s × ${sig(reads)} lookups/req = ${int(readsPerS)} lookups/s ÷ ${int(atKnee.perCore)} lookups/s per one-core replica = ${sig(raw)} → ${value} one-core replicas`,
      assumptions: [...readsA, served, ...(cost ? [{ ...cost, note: `${cost.note ?? ''} (shown, not used: a knee measured the replicas' throughput)` }] : [])],
      note: 'measured where the replicas were the bottleneck; writes stay on the primary, and a replica also replays them',
    };
  }
  if (cost === undefined) return { ...base, value: null, formula: 'target × lookups/req × CPU-ms/query ÷ (1000 × usable utilization)', assumptions: readsA, note: 'no run measured the database CPU per query' };
  const ms = cost.value as number;
  const readsPerS = rate * reads;
  const raw = (readsPerS * ms) / (1000 * util);
  const value = Math.max(1, Math.ceil(raw - 1e-9));
  return {
    ...base,
    value,
    formula: `${int(rate)} req/s × ${sig(reads)} lookups/req = ${int(readsPerS)} lookups/s × ${sig(ms)} CPU-ms ÷ (1000 × ${util}) = ${sig(raw)} → ${value} one-core replicas (${int((1000 * util) / ms)} lookups/s each)`,
    assumptions: [...readsA, cost, ...(replicaCost && primaryCost ? [primaryCost] : []), utilA],
    note: 'CPU only: writes stay on the primary, and a replica also replays them',
  };
}

export function planStage(m: StageMeasurements, runs: readonly RunResult[], ctx: StagePlanContext): StagePlan {
  const t = ctx.target;
  const usl = uslReports(runs, m);
  const capacity: PlanNumber = {
    label: 'one box holds',
    value: m.capacity,
    unit: 'req/s',
    formula: m.capacitySource,
    assumptions: [],
  };
  const holds = m.capacity !== null && m.capacity >= t.peakRate;
  const summary =
    m.capacity === null
      ? `no step of stage ${m.stage} met the SLO: its capacity is unknown`
      : holds
        ? `one box holds the target: ${int(m.capacity)} req/s ≥ ${int(t.peakRate)} req/s`
        : `one box is not enough: ${int(m.capacity)} req/s < ${int(t.peakRate)} req/s (${sig(t.peakRate / m.capacity)}× short)`;
  const util = ctx.assumptions.usableUtilizationPerCore;
  return {
    stage: m.stage,
    runs: m.runs,
    capacity,
    holds,
    summary,
    appProcesses: appProcesses(m, ctx, usl),
    components: [...m.costs].map(([component, ms]) => ({ component, cpuMsPerRequest: ms, coresAtTarget: (t.peakRate * ms) / (1000 * util) })),
    redisMemory: redisMemory(m, ctx),
    cdnHitRatio: cdnHitRatio(m, ctx),
    shards: shards(m, ctx),
    ...(() => {
      const r = readReplicas(m, runs, ctx);
      return r ? { readReplicas: r } : {};
    })(),
    usl,
    notes: m.notes,
  };
}
