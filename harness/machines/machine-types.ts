// The public types of the scale model's emulated machines: a fleet of CPU-budgeted groups, one per stage process.

/** How a budget is enforced, in the order openFleet tries them ('none' = unconstrained, always available). */
export type Enforcement = 'cgroup2' | 'cgroup1' | 'systemd-scope' | 'none';

/** Every enforcement, in the default order of preference. */
export const ENFORCEMENTS: readonly Enforcement[] = ['cgroup2', 'cgroup1', 'systemd-scope', 'none'];

/** What a machine runs: app, cache (redis-server, Redis Cluster nodes), balancer (nginx/HAProxy), cdn, db (postgres). */
export type MachineRole = 'app' | 'cache' | 'balancer' | 'cdn' | 'db';

export const MACHINE_ROLES: readonly MachineRole[] = ['app', 'cache', 'balancer', 'cdn', 'db'];

export interface MachineSpec {
  /** Unique in the fleet, e.g. 'app-1', 'redis', 'cluster-3' ([A-Za-z0-9._-]). */
  name: string;
  role: MachineRole;
  /** CPU budget in cores, e.g. 0.1 (at least 0.001: the kernel's minimum quota is 1 ms per period of at most 1 s). */
  cpu: number;
}

/** Throttling counters of a machine since it was created (cgroup cpu.stat), and its CPU use when the kernel counts it. */
export interface MachineStat {
  /** Enforcement periods in which the machine ran (nr_periods). */
  nrPeriods: number;
  /** Periods in which it used up its quota and was stalled (nr_throttled). */
  nrThrottled: number;
  /** Total stalled time, microseconds (throttled_time / throttled_usec). */
  throttledUs: number;
  /** CPU time used by the machine's processes, microseconds (cpuacct.usage / usage_usec); absent where not counted. */
  usageUs?: number;
}

export interface Machine extends MachineSpec {
  /** CPU time the machine may use per period, microseconds (cpu × periodUs). */
  readonly quotaUs: number;
  /** Enforcement period, microseconds (10 ms by default; longer for budgets under 0.1 core). */
  readonly periodUs: number;
  readonly enforcement: Enforcement;
  /**
   * Moves whole processes (thread groups) onto this machine; pids that already exited are skipped. Under
   * 'systemd-scope' a running process cannot be moved: this throws, launch with scopePrefix(machine) instead.
   */
  add(pids: number[]): void;
  /** Moves a process and all its descendants (nginx master + workers, tsx + its node child); children forked later inherit the machine. */
  addTree(rootPid: number): void;
  /** Counters since the machine was created (all 0 under 'none'). */
  stat(): MachineStat;
  /** Moves any process left on the machine back to the harness's own group, then removes the group (idempotent). */
  remove(): Promise<void>;
}

export interface MachineFleet {
  readonly enforcement: Enforcement;
  /** One line: the enforcement used and its period, or why the machines run unconstrained. */
  readonly reason: string;
  /** The fleet's group name: scaleladder-<runId>-pid<harness pid>-t<its start time>. */
  readonly runName: string;
  /** The default quota period of the fleet's machines, microseconds. */
  readonly periodUs: number;
  create(spec: MachineSpec): Machine;
  machines(): Machine[];
  /** Removes every machine and the fleet group (idempotent); also done by the exit hook if the harness dies first. */
  removeAll(): Promise<void>;
}
