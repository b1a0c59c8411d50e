// Pure: which steps a bench runs (tier name, users, rate), from the options and the tiers file.
import { UserError } from '../errors/user-error.ts';
import { loadTierFile } from '../../loadtests/workload/tier-file.ts';
import { selectTiers } from '../../loadtests/workload/tiers.ts';
import type { BenchOptions } from './bench-options.ts';

export interface PlannedStep {
  tier: string;
  users: number | null;
  rate: number;
  derivation: string;
}

export function planSteps(o: BenchOptions): PlannedStep[] {
  if (o.rate !== undefined) return [{ tier: `rate-${o.rate}`, users: null, rate: o.rate, derivation: `fixed --rate ${o.rate}` }];
  try {
    return selectTiers(loadTierFile(o.tiersFile), o.tiers).map((t) => ({
      tier: t.name,
      users: t.users,
      rate: Math.round(t.peakRate * 100) / 100,
      derivation: t.derivation,
    }));
  } catch (e) {
    throw new UserError(`${(e as Error).message}`);
  }
}
