// Default planning assumptions, and the result figure keys a measured value replaces them from.
import type { StepFigureName } from '../results/result-types.ts';
import type { PlanAssumptions } from './plan-types.ts';

export const DEFAULT_PLAN_ASSUMPTIONS: PlanAssumptions = {
  usableUtilizationPerCore: 0.7,
  hotFraction: 0.01,
  retentionDays: 365,
  bytesPerMapping: 500,
  shardWriteCeiling: 1000,
};

/**
 * Step `figures` keys read as measured values (first present wins; the median over runs is used). Only keys a stage
 * writes (harness/stages, harness/services/cdn.ts): Redis bytes per mapping and a per-shard write ceiling are not
 * measured by bench runs, so those stay assumptions (validate measures Redis memory on its own).
 */
export const FIGURE_KEYS = {
  bytesPerMapping: [],
  shardWriteCeiling: [],
  cdnHitRatio: ['cdnHitRatio'],
  // --db postgres runs: DB lookups per client request (where the stage's caches already took their share) and what a
  // lookup costs a replica machine (the primary's mixed cost stands in when no run had replicas).
  pgReplicaReads: ['pgReplicaReadsPerRequest'],
  pgPrimaryReads: ['pgPrimaryReadsPerRequest'],
  pgReplicaCpuMsPerQuery: ['pgReplicaCpuMsPerQuery'],
  pgCpuMsPerQuery: ['pgPrimaryCpuMsPerQuery'],
  cacheHitRatio: ['cacheHitRatio'],
} as const satisfies Record<string, readonly StepFigureName[]>;

export function describeAssumptions(a: PlanAssumptions): string[] {
  return [
    `usable utilization per core ${a.usableUtilizationPerCore}`,
    `hot set ${a.hotFraction * 100} % of links kept ${a.retentionDays} days`,
    `${a.bytesPerMapping} B per Redis mapping unless measured`,
    `${a.shardWriteCeiling} writes/s per shard unless measured`,
  ];
}
