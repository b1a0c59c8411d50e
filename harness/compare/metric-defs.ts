// The metrics a comparison looks at, with their unit and which direction is better.
import type { Direction } from './compare-types.ts';

export type MetricKind = 'latency' | 'rate' | 'errorRate' | 'cpu' | 'knee';

export interface MetricDef {
  metric: string;
  label: string;
  unit: string;
  direction: Direction;
  kind: MetricKind;
  /** For latency metrics: the percentile (50, 90, 99, 99.9). */
  percentile?: number;
}

export const LATENCY_METRICS: MetricDef[] = [
  { metric: 'p50', label: 'p50', unit: 'µs', direction: 'lower', kind: 'latency', percentile: 50 },
  { metric: 'p90', label: 'p90', unit: 'µs', direction: 'lower', kind: 'latency', percentile: 90 },
  { metric: 'p99', label: 'p99', unit: 'µs', direction: 'lower', kind: 'latency', percentile: 99 },
  { metric: 'p999', label: 'p99.9', unit: 'µs', direction: 'lower', kind: 'latency', percentile: 99.9 },
];

export const RATE_METRIC: MetricDef = { metric: 'achievedRate', label: 'achieved rate', unit: 'req/s', direction: 'higher', kind: 'rate' };
export const ERROR_RATE_METRIC: MetricDef = { metric: 'errorRate', label: 'error rate', unit: 'ratio', direction: 'lower', kind: 'errorRate' };
export const KNEE_METRIC: MetricDef = { metric: 'knee', label: 'knee', unit: 'req/s', direction: 'higher', kind: 'knee' };

/** CPU-ms per request of one component (all processes of one role summed: the component's cost per request). */
export function cpuMetric(component: string): MetricDef {
  return { metric: `cpu:${component}`, label: `CPU ${component}`, unit: 'ms/req', direction: 'lower', kind: 'cpu' };
}

/** Error-rate changes are judged against at least the default SLO's 0.1 % error budget, so 0 → 1 error is not "+∞ %". */
export const ERROR_RATE_FLOOR = 0.001;

/** (head − base) / |base|, with the error-rate floor; ±Infinity when base is 0 and head is not. */
export function relativeDelta(def: MetricDef, base: number, head: number): number {
  const diff = head - base;
  if (diff === 0) return 0;
  const denom = def.kind === 'errorRate' ? Math.max(Math.abs(base), ERROR_RATE_FLOOR) : Math.abs(base);
  return denom > 0 ? diff / denom : diff > 0 ? Infinity : -Infinity;
}
