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
