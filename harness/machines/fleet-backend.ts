// The seam between a fleet and how its budgets are enforced: each enforcement probes itself and, if available, makes groups.
import type { Enforcement, MachineStat } from './machine-types.ts';
import type { Quota } from './quota.ts';

/** One machine's group in some enforcement. */
export interface MachineGroup {
  add(pids: number[]): void;
  stat(): MachineStat;
  /** A command prefix that starts a process inside the budget (systemd-scope only; [] elsewhere). */
  spawnPrefix(): string[];
  /** One removal attempt per call is not enough for a just-killed process: both retry briefly; true once gone. */
  removeSync(): boolean;
  remove(): Promise<boolean>;
}

/** A fleet's group in some enforcement (created by FleetBackend.open). */
export interface FleetGroup {
  createMachine(name: string, quota: Quota): MachineGroup;
  removeSync(): boolean;
  remove(): Promise<boolean>;
}

export interface FleetBackend {
  readonly enforcement: Enforcement;
  /** Where and how the budget is written, for the fleet's one-line reason (e.g. "cpu.cfs_quota_us under /sys/fs/cgroup/cpu"). */
  readonly detail: string;
  /** Creates the fleet's group; throws when that fails (openFleet then tries the next enforcement). */
  open(runName: string): FleetGroup;
}

/** Result of a probe: probes only look (mounts, permissions, controllers) and leave nothing behind. */
export type ProbeResult = { available: true; backend: FleetBackend } | { available: false; reason: string };

export type Probe = () => ProbeResult;

export const STAT_ZERO: MachineStat = { nrPeriods: 0, nrThrottled: 0, throttledUs: 0 };
