// --machine-cpu and --machine: the CPU budget of each machine role, parsed once with one-line errors naming the flag and the rule.
import { UserError } from '../errors/user-error.ts';
import { MACHINE_ROLES, type MachineRole } from './machine-types.ts';
import { MIN_CPU } from './quota.ts';

/** The default machine: a tenth of a core (a 1:10 scale model of one-core machines). */
export const DEFAULT_MACHINE_CPU = 0.1;
/** Largest budget accepted for one machine, cores. */
export const MAX_MACHINE_CPU = 64;

export interface MachineBudgets {
  /** Budget of a role not listed in byRole, cores; null = unconstrained (--machine-cpu none). */
  default: number | null;
  byRole: Partial<Record<MachineRole, number>>;
}

export interface MachineFlags {
  /** --machine-cpu: cores per machine ('0.1', default 0.1) or 'none'. */
  machineCpu?: string;
  /** --machine: per-role budgets, e.g. 'app=0.1,redis=0.1,balancer=0.15,cdn=0.15,db=0.2'. */
  machine?: string;
}

/** --machine keys: the roles, plus the names people use for them. */
const ROLE_KEYS: Record<string, MachineRole> = {
  ...Object.fromEntries(MACHINE_ROLES.map((r) => [r, r])),
  redis: 'cache',
  cluster: 'cache',
  postgres: 'db',
};
const KEY_LIST = 'app, cache (or redis, cluster), balancer, cdn, db (or postgres)';

function cores(text: string, flag: string, what: string): number {
  const n = /^\s*(\d+(\.\d*)?|\.\d+)\s*$/.test(text) ? Number(text) : NaN;
  if (!(n >= MIN_CPU && n <= MAX_MACHINE_CPU)) {
    throw new UserError(`${flag}: ${what} must be a number of cores between ${MIN_CPU} and ${MAX_MACHINE_CPU}${flag === '--machine-cpu' ? ', or none' : ''} (got "${text}")`);
  }
  return n;
}

export function parseMachineFlags(flags: MachineFlags = {}): MachineBudgets {
  const { machineCpu = String(DEFAULT_MACHINE_CPU), machine = '' } = flags;
  const def = machineCpu.trim() === 'none' ? null : cores(machineCpu, '--machine-cpu', 'the budget');
  const byRole: Partial<Record<MachineRole, number>> = {};
  for (const pair of machine.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = pair.indexOf('=');
    if (eq < 0) throw new UserError(`--machine: "${pair}" must be ROLE=CORES, e.g. app=0.1,redis=0.1,balancer=0.15`);
    const key = pair.slice(0, eq).trim().toLowerCase();
    const role = Object.hasOwn(ROLE_KEYS, key) ? ROLE_KEYS[key] : undefined;
    if (!role) throw new UserError(`--machine: unknown role "${key}" (use ${KEY_LIST})`);
    if (byRole[role] !== undefined) throw new UserError(`--machine: the ${role} budget is given twice ("${pair}"); give each role once`);
    byRole[role] = cores(pair.slice(eq + 1), '--machine', `${key}`);
  }
  return { default: def, byRole };
}

/**
 * A role's size in --machine-cpu machines when --machine does not give it. One balancer fronts every app, and a fleet
 * sizes its edge so that it is not the first thing to break: both get 1.5 machines. At 1 the balancer (nginx ≈ 0.17
 * CPU-ms per request against an app's ≈ 0.25 at its knee, a ratio of software rather than of the host) would cap four
 * apps at about 1.5 apps' worth, and the rung would show the balancer instead of what scale-out buys.
 */
export const ROLE_SIZE: Readonly<Partial<Record<MachineRole, number>>> = { balancer: 1.5, cdn: 1.5 };

/** The budget of a machine of `role`, cores; null = unconstrained. */
export function budgetFor(budgets: MachineBudgets, role: MachineRole): number | null {
  const given = budgets.byRole[role];
  if (given !== undefined) return given;
  if (budgets.default === null) return null;
  return Math.round(budgets.default * (ROLE_SIZE[role] ?? 1) * 1e6) / 1e6;
}
