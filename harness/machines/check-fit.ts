// Refuses a fleet whose budgets add up to more than the stage's CPU set: the machines would compete and the model would be wrong near the knee.
import { UserError } from '../errors/user-error.ts';
import { round } from '../stats/round.ts';

export interface FitVerdict {
  /** Sum of the budgets, cores. */
  totalCpu: number;
  /** True when the sum exceeds the CPU set (only returned with allowOversubscribe; the result must be labelled). */
  oversubscribed: boolean;
}

/** `fewer`: the count flags that shrink this fleet, named in the refusal (default --app-processes and --read-replicas). */
export function checkFit(machines: { name: string; cpu: number }[], cpuSetCores: number, allowOversubscribe: boolean, fewer: readonly string[] = ['--app-processes', '--read-replicas']): FitVerdict {
  const totalCpu = round(machines.reduce((sum, m) => sum + m.cpu, 0));
  const oversubscribed = totalCpu > cpuSetCores + 1e-9;
  if (oversubscribed && !allowOversubscribe) {
    throw new UserError(
      `the stage's ${machines.length} machines need ${totalCpu} cores but its CPU set has ${round(cpuSetCores)}: ` +
        `use a smaller --machine-cpu, fewer ${fewer.join(' or ')}, or --allow-oversubscribe (the result is then labelled oversubscribed)`,
    );
  }
  return { totalCpu, oversubscribed };
}
