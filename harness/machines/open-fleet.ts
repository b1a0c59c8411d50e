// Opens a run's fleet of emulated machines on the first enforcement that works (cgroup2 → cgroup1 → systemd scope → none).
import { processTree } from '../measure/process-stats.ts';
import { UserError } from '../errors/user-error.ts';
import { probeCgroupV1, type CgroupV1Location } from './cgroup-v1.ts';
import { probeCgroupV2, type CgroupV2Location } from './cgroup-v2.ts';
import type { FleetBackend, FleetGroup, MachineGroup, Probe } from './fleet-backend.ts';
import { fleetName, safeName } from './fleet-names.ts';
import { registeredFleets, registerFleet, unregisterFleet } from './fleet-registry.ts';
import { ENFORCEMENTS, type Enforcement, type Machine, type MachineFleet, type MachineSpec } from './machine-types.ts';
import { noneBackend } from './none-backend.ts';
import { DEFAULT_PERIOD_US, MIN_CPU, quotaFor } from './quota.ts';
import { removeStaleFleets } from './stale-fleets.ts';
import { probeSystemdScope } from './systemd-scope.ts';

export interface OpenFleetOptions {
  /** Enforcements to try, in order (default cgroup2, cgroup1, systemd-scope, none); 'none' is always the last resort. */
  prefer?: Enforcement[];
  /** Where groups are created instead of the harness's own group in each hierarchy (tests). */
  cgroupRoot?: { cgroup1?: Partial<CgroupV1Location>; cgroup2?: Partial<CgroupV2Location> };
  /** Replaces the availability probe of an enforcement (tests of the fallback order). */
  probes?: Partial<Record<Enforcement, Probe>>;
  /** Quota period, microseconds (default 10_000); budgets under 1 ms / period get a longer one (see quotaFor). */
  periodUs?: number;
  /** First remove fleets whose harness died (default true; only dead owners' scaleladder-* groups). */
  removeStale?: boolean;
}

const machineOf = new WeakMap<Machine, MachineGroup>();

/** The command prefix that starts a process inside `machine`'s budget: systemd-run … under 'systemd-scope', [] otherwise. */
export function scopePrefix(machine: Machine): string[] {
  return machineOf.get(machine)?.spawnPrefix() ?? [];
}

function defaultProbes(opts: OpenFleetOptions): Record<Enforcement, Probe> {
  return {
    cgroup2: () => probeCgroupV2(opts.cgroupRoot?.cgroup2),
    cgroup1: () => probeCgroupV1(opts.cgroupRoot?.cgroup1),
    'systemd-scope': () => probeSystemdScope(),
    none: () => ({ available: true, backend: noneBackend() }),
  };
}

const ms = (us: number): string => `${Number((us / 1_000).toFixed(3))} ms`;

interface Chosen {
  backend: FleetBackend;
  group: FleetGroup;
  reason: string;
}

/** Tries each enforcement in order: the first whose probe says available and whose fleet group can be created wins. */
export function chooseEnforcement(runName: string, order: Enforcement[], probes: Record<Enforcement, Probe>, periodUs: number): Chosen {
  const skipped: string[] = [];
  const tried = order.includes('none') ? order.slice(0, order.indexOf('none') + 1) : [...order, 'none' as const];
  for (const enforcement of tried) {
    const found = probes[enforcement]();
    if (!found.available) {
      skipped.push(`${enforcement}: ${found.reason}`);
      continue;
    }
    let group: FleetGroup;
    try {
      group = found.backend.open(runName);
    } catch (err) {
      skipped.push(`${enforcement}: cannot create ${runName}: ${err instanceof Error ? err.message : String(err)}`);
      continue;
    }
    const why = skipped.length ? ` (not ${skipped.join('; ')})` : '';
    const reason =
      found.backend.enforcement === 'none'
        ? `machines run unconstrained: no CPU budget is enforced${why || (order[0] === 'none' ? ' (as asked)' : '')}`
        : `${found.backend.enforcement}: ${found.backend.detail}, period ${ms(periodUs)}${why}`;
    return { backend: found.backend, group, reason };
  }
  throw new Error('unreachable: none is always available');
}

/**
 * Opens the fleet of run `runId`: one group (scaleladder-<runId>-pid<pid>-t<start>) holding one group per machine. The
 * fleet is removed by removeAll(), or by the exit hook on exit, Ctrl-C, SIGTERM or an uncaught error.
 */
export function openFleet(runId: string, opts: OpenFleetOptions = {}): MachineFleet {
  const { prefer = [...ENFORCEMENTS], periodUs = DEFAULT_PERIOD_US, removeStale = true } = opts;
  quotaFor(1, periodUs); // rejects a bad period before anything is created
  if (removeStale) removeStaleFleets();
  const runName = fleetName(runId);
  // Checked here, not left to mkdir: an existing group would otherwise read as "cannot create" and fall through to 'none'.
  if (registeredFleets().includes(runName)) throw new Error(`fleet ${runName} is already open in this process; remove it first or use another run id`);
  const { backend, group, reason } = chooseEnforcement(runName, prefer, { ...defaultProbes(opts), ...opts.probes }, periodUs);
  const machines = new Map<string, Machine>();
  let removed = false;
  registerFleet(runName, () => group.removeSync());

  const create = (spec: MachineSpec): Machine => {
    if (removed) throw new Error(`fleet ${runName} was removed; open a new one`);
    const name = safeName(spec.name);
    if (machines.has(name)) throw new UserError(`machine "${name}" exists twice in the fleet: give each machine its own name`);
    if (!(spec.cpu >= MIN_CPU)) throw new UserError(`machine "${name}": a CPU budget must be at least ${MIN_CPU} core (got ${spec.cpu}); use a larger --machine-cpu`);
    const quota = quotaFor(spec.cpu, periodUs);
    const g = group.createMachine(name, quota);
    let gone = false;
    const machine: Machine = {
      name,
      role: spec.role,
      cpu: spec.cpu,
      quotaUs: quota.quotaUs,
      periodUs: quota.periodUs,
      enforcement: backend.enforcement,
      add: (pids) => g.add(pids),
      addTree(rootPid) {
        g.add([rootPid]); // first the root, so whatever it forks from now on is born inside
        for (let pass = 0; pass < 2; pass++) g.add(processTree(rootPid).slice(1)); // twice: a child may fork while we move
      },
      stat: () => g.stat(),
      async remove() {
        if (gone) return;
        if (!(await g.remove())) throw new Error(`machine ${name}: group still busy after removal attempts`);
        gone = true;
        machines.delete(name);
      },
    };
    machineOf.set(machine, g);
    machines.set(name, machine);
    return machine;
  };

  return {
    enforcement: backend.enforcement,
    reason,
    runName,
    periodUs,
    create,
    machines: () => [...machines.values()],
    async removeAll() {
      if (removed) return;
      for (const m of machines.values()) await m.remove().catch(() => undefined); // the fleet removal below retries them
      if (!(await group.remove())) throw new Error(`fleet ${runName}: group still busy after removal attempts`);
      removed = true;
      machines.clear();
      unregisterFleet(runName);
    },
  };
}
