// The arrival rate a script drives: RATE when given, else the tier's peak rate computed from the tiers file.
import { selectTiers, validateTierFile } from '../../workload/tiers.ts';

export interface ResolvedRate {
  ratePerS: number;
  tier: string;
  /** How the rate was arrived at (tier derivation, or "RATE=…"). */
  derivation: string;
}

/**
 * `readTiers` is called only when RATE is absent; it returns the tiers file's text (k6: `open()` in the init context).
 * Unknown tier names throw, listing the known ones.
 */
export function resolveRate(tier: string, rate: number | undefined, readTiers: () => string): ResolvedRate {
  if (rate !== undefined) return { ratePerS: rate, tier, derivation: `RATE=${rate} req/s` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readTiers());
  } catch (e) {
    throw new Error(`tiers file is not valid JSON (${(e as Error).message}): fix it or pass -e RATE=<req/s>`);
  }
  const [t] = selectTiers(validateTierFile(parsed), [tier]);
  return { ratePerS: t.peakRate, tier: t.name, derivation: t.derivation };
}
