// Puts a booted stage's processes on their emulated machines (after boot and seeding, before warm-up), re-applies a
// machine to a process restarted by a fault, reads throttling per step, and removes the machines at the end.
import { openFleet, throttleBetween, type MachineStat, type ThrottleRecord } from '../machines/index.ts';
import type { Machine, MachineFleet, MachineRole } from '../machines/index.ts';
import type { MachineBudgets } from '../machines/index.ts';
import type { StartedService } from '../supervisor/started-service.ts';
import type { Supervisor } from '../supervisor/supervisor.ts';
import { roleBudget } from './scale-model.ts';

export interface StageMachines {
  readonly fleet: MachineFleet;
  /** Budget of a process (by service name), or undefined when it runs unconstrained. */
  budgetOf(name: string): number | undefined;
  /** Throttle counters of every machine now, to diff around a step. */
  snapshot(): Map<string, MachineStat>;
  delta(before: Map<string, MachineStat>, name: string): ThrottleRecord | undefined;
  /** Idempotent: removes every machine of the run (the processes go back to the parent group). */
  remove(): Promise<void>;
}

export function applyStageMachines(o: { runId: string; services: StartedService[]; budgets: MachineBudgets; supervisor: Supervisor }): StageMachines {
  // systemd scopes can only wrap a process at spawn (the budget would then slow every boot): until that is wired, an
  // unprivileged systemd host runs unconstrained, said in one line and in the result, rather than crash on add().
  const fleet = openFleet(o.runId, { prefer: ['cgroup2', 'cgroup1', 'none'] });
  const machines = new Map<string, Machine>();
  const put = (svc: StartedService) => {
    const cpu = roleBudget(o.budgets, svc.role);
    if (cpu === null || fleet.enforcement === 'none') return;
    let m = machines.get(svc.name);
    if (!m) {
      m = fleet.create({ name: svc.name, role: svc.role as MachineRole, cpu });
      machines.set(svc.name, m);
    }
    m.addTree(svc.pid);
  };
  for (const s of o.services) put(s);
  // A process restarted by a fault boots unconstrained (a Node process needs ~1 s of CPU to start), then joins its
  // machine; one started during the run (add-app) gets a new machine of its role's budget the same way.
  const off = o.supervisor.onReady((svc) => put(svc));
  let removed: Promise<void> | undefined;
  return {
    fleet,
    budgetOf: (name) => machines.get(name)?.cpu,
    snapshot: () => new Map([...machines].map(([n, m]) => [n, safeStat(m)])),
    delta(before, name) {
      const m = machines.get(name);
      const b = before.get(name);
      return m && b ? throttleBetween(b, safeStat(m)) : undefined;
    },
    remove(): Promise<void> {
      off();
      return (removed ??= fleet.removeAll());
    },
  };
}

function safeStat(m: Machine): MachineStat {
  try {
    return m.stat();
  } catch {
    return { nrPeriods: 0, nrThrottled: 0, throttledUs: 0 };
  }
}
