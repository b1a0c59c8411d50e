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

/**
 * Tier rates are multiplied by the scale model's `scale` (0.1 = a 1:10 model drives a tenth of the full-size rate);
 * a fixed --rate is driven as given (it is a model rate).
 */
export function planSteps(o: Pick<BenchOptions, 'rate' | 'tiersFile' | 'tiers'>, scale = 1): PlannedStep[] {
  if (o.rate !== undefined) return [{ tier: `rate-${o.rate}`, users: null, rate: o.rate, derivation: `fixed --rate ${o.rate}` }];
  try {
    return selectTiers(loadTierFile(o.tiersFile), o.tiers).map((t) => ({
      tier: t.name,
      users: t.users,
      rate: Math.round(t.peakRate * scale * 100) / 100,
      derivation: scale === 1 ? t.derivation : `${t.derivation}; × ${scale} (scale model: full size ${Math.round(t.peakRate * 100) / 100} req/s)`,
    }));
  } catch (e) {
    throw new UserError(`${(e as Error).message}`);
  }
}
