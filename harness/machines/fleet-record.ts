// What a result records about the machines: the run-level scaleModel block and a step's throttling counters (shapes of the shared contract).
import type { Enforcement, MachineFleet, MachineRole, MachineStat } from './machine-types.ts';

/** The run-level `scaleModel` field. */
export interface ScaleModelRecord {
  enforcement: Enforcement;
  reason: string;
  periodUs: number;
  /** Machine size ÷ one full-size core, e.g. 0.1 for a 1:10 model; a step's full-size equivalent rate = rate ÷ scale. */
  scale: number;
  machines: { name: string; role: MachineRole; cpu: number }[];
  oversubscribed: boolean;
}

/** A step's `throttle` of one process (ProcessCost): counters between two stat() readings. */
export interface ThrottleRecord {
  periods: number;
  throttled: number;
  throttledMs: number;
}

export function scaleModelRecord(fleet: MachineFleet, scale: number, oversubscribed: boolean): ScaleModelRecord {
  return {
    enforcement: fleet.enforcement,
    reason: fleet.reason,
    periodUs: fleet.periodUs,
    scale,
    machines: fleet.machines().map(({ name, role, cpu }) => ({ name, role, cpu })),
    oversubscribed,
  };
}

/** Counters of the step between `before` and `after` (readings of the same machine). */
export function throttleBetween(before: MachineStat, after: MachineStat): ThrottleRecord {
  return {
    periods: after.nrPeriods - before.nrPeriods,
    throttled: after.nrThrottled - before.nrThrottled,
    throttledMs: Number(((after.throttledUs - before.throttledUs) / 1_000).toFixed(3)),
  };
}

/** CPU used between two readings, cores (usageUs ÷ wall time); undefined when the enforcement does not count it. */
export function usedCores(before: MachineStat, after: MachineStat, wallMs: number): number | undefined {
  if (before.usageUs === undefined || after.usageUs === undefined || !(wallMs > 0)) return undefined;
  return (after.usageUs - before.usageUs) / 1_000 / wallMs;
}
