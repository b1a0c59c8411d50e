// Saturation of one process judged against the CPU it may use (its budget, its CPU set), and its quota throttling: raw cores never count.
import type { ProcessCost } from '../results/result-types.ts';
import { parseCpuList } from '../measure/cpu-placement.ts';

/** Utilization at or above this share of a process's allowance counts as saturated. */
export const SATURATION = 0.85;
/**
 * Throttled in at least this share of its quota periods, while using at least half its budget, counts as saturated
 * (the budget, not the work, set the pace). Periods alone mislead with a 10 ms period: bursts (a GC, a slow turn) get a
 * process throttled while it uses little. Measured here on a shared 2-core VM: a stage-1 app at 49 % of its 0.1-core
 * budget was throttled in 22 % of its periods (10 % of the time) with the SLO met; stage-3 apps at 17 % of their budget
 * were throttled in 57 % of periods (7 % of the time) and missed the SLO by stalls, not by lack of CPU. Both are named
 * stalls (see what-broke), not saturated machines.
 */
export const THROTTLED_SHARE = 0.5;
/** Utilization of the budget a throttled-periods verdict needs. */
export const THROTTLED_MIN_SHARE = 0.5;
/** …or held off by the quota for at least this share of the wall time, whatever it used. */
export const THROTTLED_TIME_SHARE = 0.25;

export interface Saturation {
  name: string;
  role: string;
  /** CPU it may use, in cores. */
  allowanceCores: number;
  /** Where the allowance comes from. */
  allowanceFrom: 'budget' | 'allowance' | 'cpu set' | 'one core';
  /** utilization ÷ allowance. */
  share: number;
  /** Share of quota periods that were throttled (undefined when it ran without a quota). */
  throttledShare?: number;
  /** Share of the wall time it was held off by the quota. */
  throttledTimeShare?: number;
  saturated: boolean;
  /** e.g. "96 % of its 0.1-core budget, throttled in 41 % of periods". */
  detail: string;
  /** e.g. "app-2 at 96 % of its 0.1-core budget, throttled in 41 % of periods". */
  text: string;
}

/** The CPU a process may use: its recorded allowance, else its machine budget, else its CPU set's size, else one core. */
export function processAllowance(p: ProcessCost): { cores: number; from: Saturation['allowanceFrom'] } {
  if (p.budgetCores !== undefined && p.budgetCores > 0) return { cores: p.budgetCores, from: 'budget' };
  if (p.allowanceCores !== undefined && p.allowanceCores > 0) return { cores: p.allowanceCores, from: 'allowance' };
  if (p.cpus) {
    const n = parseCpuList(p.cpus).length;
    if (n > 0) return { cores: n, from: 'cpu set' };
  }
  return { cores: 1, from: 'one core' };
}

const cores = (c: number) => (c >= 1 && Number.isInteger(c) ? `${c}-core` : `${Number(c.toPrecision(3))}-core`);

export function saturationOf(p: ProcessCost): Saturation {
  const a = processAllowance(p);
  const share = p.utilization / a.cores;
  const throttledShare = p.throttle && p.throttle.periods > 0 ? p.throttle.throttled / p.throttle.periods : undefined;
  // Wall seconds of the account: utilization = cpuSeconds ÷ wall.
  const wall = p.utilization > 0 ? p.cpuSeconds / p.utilization : 0;
  const throttledTimeShare = p.throttle && wall > 0 ? p.throttle.throttledMs / 1000 / wall : undefined;
  const saturated =
    share >= SATURATION ||
    ((throttledShare ?? 0) >= THROTTLED_SHARE && share >= THROTTLED_MIN_SHARE) ||
    (throttledTimeShare ?? 0) >= THROTTLED_TIME_SHARE;
  const what = a.from === 'budget' ? 'budget' : a.from === 'cpu set' ? `CPU set ${p.cpus}` : a.from === 'one core' ? 'allowance (assumed)' : 'allowance';
  const throttled = throttledShare !== undefined && throttledShare > 0 ? `, throttled in ${(throttledShare * 100).toFixed(0)} % of periods` : '';
  const detail = `${(share * 100).toFixed(0)} % of its ${cores(a.cores)} ${what}${throttled}`;
  return {
    name: p.name,
    role: p.role,
    allowanceCores: a.cores,
    allowanceFrom: a.from,
    share,
    ...(throttledShare !== undefined ? { throttledShare } : {}),
    ...(throttledTimeShare !== undefined ? { throttledTimeShare } : {}),
    saturated,
    detail,
    text: `${p.name} at ${detail}`,
  };
}

/** Every process judged; the saturated ones first, hottest first. */
export function saturations(processes: readonly ProcessCost[]): Saturation[] {
  return processes.map(saturationOf).sort((a, b) => Number(b.saturated) - Number(a.saturated) || b.share - a.share);
}

/** True when any target process of the step was saturated against its own allowance. */
export function anySaturated(processes: readonly ProcessCost[]): boolean {
  return processes.some((p) => saturationOf(p).saturated);
}
