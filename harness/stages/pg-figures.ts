// PostgreSQL figures of one step: DB queries per client request split by where they went, pool waits, replica 404s
// and fallbacks (from the apps' /metrics), and replica lag p50/max (from a lag sampler on the primary).
import { sumMetric, type PromSample } from '../measure/prom-text.ts';
import type { LagSummary } from '../services/postgres-lag.ts';
import type { StepFigures } from '../measure/step-figures.ts';
import type { StageCounters } from './stage-types.ts';
import { round } from '../stats/round.ts';

/** Counters of one app's scrape (zeros on SQLite, where the families are absent). */
export function pgCounters(s: PromSample[]): StageCounters {
  return {
    pgPrimaryReads: sumMetric(s, 'scaleladder_pg_queries_total', { target: 'primary', kind: 'read' }),
    pgReplicaReads: sumMetric(s, 'scaleladder_pg_queries_total', { target: 'replica', kind: 'read' }),
    pgWrites: sumMetric(s, 'scaleladder_pg_queries_total', { kind: 'write' }),
    pgPoolWaits: sumMetric(s, 'scaleladder_pg_pool_waits_total'),
    pgPoolQueries: sumMetric(s, 'scaleladder_pg_pool_queries_total'),
    pgReplicaMisses: sumMetric(s, 'scaleladder_pg_replica_misses_total'),
    pgReplicaStale404s: sumMetric(s, 'scaleladder_pg_replica_stale_404s_total'),
    pgReplicaFallbacks: sumMetric(s, 'scaleladder_pg_replica_fallbacks_total'),
    pgReplicaFallbackHits: sumMetric(s, 'scaleladder_pg_replica_fallback_hits_total'),
    pgYoungPrimaryReads: sumMetric(s, 'scaleladder_pg_young_primary_reads_total'),
    pgAgeProbes: sumMetric(s, 'scaleladder_pg_age_probes_total'),
    // A gauge per app: the largest bound any app used (read at the step's end).
    pgLagBoundMs: Math.max(0, ...s.filter((x) => x.name === 'scaleladder_pg_lag_bound_ms').map((x) => x.value)),
    // Per server (primary, replica-1…): what each database machine was asked, for its CPU-ms per query.
    ...Object.fromEntries(
      s.filter((x) => x.name === 'scaleladder_pg_pool_queries_total' && x.labels.server).map((x) => [`pgQueries@${x.labels.server}`, x.value]),
    ),
  };
}

/** Service name of a database server the apps call `label` (postgres-server.ts names them pg, pg-replica-<i>, pg-shard-<i>). */
export function pgServiceName(label: string): string {
  return label === 'primary' ? 'pg' : `pg-${label}`;
}

/**
 * CPU-ms per query of the database machine(s) over a step: each server's CPU (postmaster and every backend, helper and
 * replay process, sampled as a process tree) divided by the queries the apps sent it. Background work (WAL writer,
 * replay of the primary's writes on a replica) is in the numerator: it is what a query costs that machine.
 */
export function pgCpuFigures(processes: readonly { name: string; role: string; cpuSeconds: number }[], before: StageCounters, after: StageCounters): Record<string, number> {
  const servers = Object.keys(after).filter((k) => k.startsWith('pgQueries@')).map((k) => k.slice('pgQueries@'.length));
  const per = (label: string) => {
    const p = processes.find((x) => x.role === 'db' && x.name === pgServiceName(label));
    return { cpuMs: (p?.cpuSeconds ?? 0) * 1000, queries: (after[`pgQueries@${label}`] ?? 0) - (before[`pgQueries@${label}`] ?? 0), found: p !== undefined };
  };
  const rows = servers.map((label) => ({ label, ...per(label) })).filter((r) => r.found);
  if (rows.length === 0) return {};
  const ratio = (rs: typeof rows) => {
    const q = rs.reduce((a, r) => a + r.queries, 0);
    return q > 0 ? Math.round((rs.reduce((a, r) => a + r.cpuMs, 0) / q) * 10_000) / 10_000 : 0;
  };
  // Every shard is a primary (it takes the writes of its codes).
  const isPrimary = (label: string) => label === 'primary' || label.startsWith('shard-');
  const primary = rows.filter((r) => isPrimary(r.label));
  const replicas = rows.filter((r) => !isPrimary(r.label));
  return {
    pgCpuMsPerQuery: ratio(rows),
    ...(primary.length ? { pgPrimaryCpuMsPerQuery: ratio(primary) } : {}),
    ...(replicas.length ? { pgReplicaCpuMsPerQuery: ratio(replicas) } : {}),
  };
}

/** Figures of a step on PostgreSQL; `completed` client requests; `lag` only with replicas. */
export function pgFigures(before: StageCounters, after: StageCounters, completed: number, replicas: number, lag?: LagSummary): StepFigures {
  const d = (k: string) => (after[k] ?? 0) - (before[k] ?? 0);
  const per = (k: string) => (completed > 0 ? round(d(k) / completed) : 0);
  const f: StepFigures = {
    pgPrimaryReadsPerRequest: per('pgPrimaryReads'),
    pgReplicaReadsPerRequest: per('pgReplicaReads'),
    pgWritesPerRequest: per('pgWrites'),
    pgQueriesPerRequest: completed > 0 ? round((d('pgPrimaryReads') + d('pgReplicaReads') + d('pgWrites')) / completed) : 0,
    pgPoolWaits: d('pgPoolWaits'),
    pgPoolWaitShare: d('pgPoolQueries') > 0 ? round(d('pgPoolWaits') / d('pgPoolQueries')) : 0,
    pgReadReplicas: replicas,
  };
  if (replicas > 0) {
    f.pgReplicaMisses = d('pgReplicaMisses');
    f.pgReplicaStale404s = d('pgReplicaStale404s');
    f.pgReplicaFallbacks = d('pgReplicaFallbacks');
    f.pgReplicaFallbackHits = d('pgReplicaFallbackHits');
    if (after.pgLagBoundMs !== undefined && after.pgLagBoundMs > 0) {
      f.pgYoungPrimaryReads = d('pgYoungPrimaryReads');
      f.pgAgeProbes = d('pgAgeProbes');
      f.pgLagBoundMs = round(after.pgLagBoundMs);
    }
    if (lag && lag.samples > 0) {
      f.pgReplicaLagMsP50 = round(lag.msP50);
      f.pgReplicaLagMsMax = round(lag.msMax);
      f.pgReplicaLagBytesP50 = lag.bytesP50;
      f.pgReplicaLagBytesMax = lag.bytesMax;
      f.pgReplicaLagSamples = lag.samples;
    }
  }
  return f;
}
