// The scale model's arithmetic: which machines a composition has, their budgets, the scale of the rates, throttle deltas.
import { budgetFor, MACHINE_ROLES, type MachineBudgets, type MachineRole } from '../machines/index.ts';
import type { StageComposition } from '../stages/stage-definitions.ts';
import type { StageTopology } from '../stages/stage-types.ts';

export interface PlannedMachine {
  name: string;
  role: MachineRole;
  cpu: number;
}

/** Budget of a process by its service role (null = unconstrained; roles without machines, e.g. fixtures, have none). */
export function roleBudget(b: MachineBudgets, role: string): number | null {
  return (MACHINE_ROLES as readonly string[]).includes(role) ? budgetFor(b, role as MachineRole) : null;
}

/** True when no machine has a budget (--machine-cpu none and no per-role size). */
export function isUnconstrained(b: MachineBudgets): boolean {
  return b.default === null && Object.keys(b.byRole).length === 0;
}

/**
 * The model's scale: a full-size machine is one core, so a model of 0.1-core app machines is 1:10 (scale 0.1), and tier
 * rates are multiplied by it. The app's budget is the reference (the machine the ladder multiplies); 1 when unconstrained.
 */
export function modelScale(b: MachineBudgets): number {
  return roleBudget(b, 'app') ?? 1;
}

/** The machines a composition will boot, by the names and roles its services get (checked against the CPU set before boot). */
export function plannedMachines(c: StageComposition, t: StageTopology, b: MachineBudgets): PlannedMachine[] {
  const out: { name: string; role: MachineRole }[] = [];
  if (c.has('cdn')) out.push({ name: 'cdn', role: 'cdn' });
  const apps = c.has('balancer') ? t.appProcesses : 1;
  for (let i = 1; i <= apps; i++) out.push({ name: `app-${i}`, role: 'app' });
  if (c.has('redis-cluster')) for (let i = 1; i <= t.clusterNodes; i++) out.push({ name: `redis-node-${i}`, role: 'cache' });
  else if (c.has('redis')) out.push({ name: 'redis', role: 'cache' });
  if (c.has('balancer')) out.push({ name: t.balancer, role: 'balancer' });
  // The service names startPostgres gives: the primary 'pg', each replica 'pg-replica-<i>', each a machine of role db.
  // With shards, startPostgres names each server 'pg-shard-<i>' (no replicas: bench refuses them).
  if (c.has('postgres') && c.has('shards')) for (let i = 0; i < t.shards; i++) out.push({ name: `pg-shard-${i}`, role: 'db' });
  else if (c.has('postgres')) {
    out.push({ name: 'pg', role: 'db' });
    for (let i = 1; i <= t.readReplicas; i++) out.push({ name: `pg-replica-${i}`, role: 'db' });
  }
  return out.flatMap((m) => {
    const cpu = roleBudget(b, m.role);
    return cpu === null ? [] : [{ ...m, cpu }];
  });
}

/** The count flags that shrink a composition's fleet, for the one-line refusal when its budgets exceed the CPU set. */
export function fewerMachinesFlags(c: StageComposition): string[] {
  return ['--app-processes', c.has('postgres') && c.has('shards') ? '--shards' : '--read-replicas'];
}
