// Default planning assumptions, and the result figure keys a measured value replaces them from.
import type { PlanAssumptions } from './plan-types.ts';

export const DEFAULT_PLAN_ASSUMPTIONS: PlanAssumptions = {
  usableUtilizationPerCore: 0.7,
  hotFraction: 0.01,
  retentionDays: 365,
  bytesPerMapping: 500,
  shardWriteCeiling: 1000,
};

/** Step `figures` keys read as measured values (first present wins; the median over runs is used). */
export const FIGURE_KEYS = {
  bytesPerMapping: ['redisBytesPerMapping', 'bytesPerMapping', 'redisBytesPerKey'],
  shardWriteCeiling: ['writeCeilingPerShard', 'shardWriteCeiling', 'writesPerSecPerShard'],
  cdnHitRatio: ['cdnHitRatio', 'edgeHitRatio'],
  appProcesses: ['appProcesses'],
} as const;

/** Config keys holding a stage-3 run's app process count (when no figure and no process list says it). */
export const CONFIG_APP_PROCESS_KEYS = ['appProcesses', 'apps', 'appCount'] as const;

export function describeAssumptions(a: PlanAssumptions): string[] {
  return [
    `usable utilization per core ${a.usableUtilizationPerCore}`,
    `hot set ${a.hotFraction * 100} % of links kept ${a.retentionDays} days`,
    `${a.bytesPerMapping} B per Redis mapping unless measured`,
    `${a.shardWriteCeiling} writes/s per shard unless measured`,
  ];
}
