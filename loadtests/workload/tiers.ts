// User tiers → arrival rates, with the assumptions written out next to every number they drive.

export interface TierAssumptions {
  /** Redirects + metadata reads one user makes per day (default 345.6: 1M users ↔ 4,000 reads/s average). */
  readsPerUserPerDay: number;
  /** Links one user creates per day (default 3.456: 1M users ↔ 40 writes/s average). */
  writesPerUserPerDay: number;
  /** Peak-to-average ratio (default 10: 4,000 reads/s average ↔ 40,000 at peak). */
  peakFactor: number;
  secondsPerDay: number;
}

export interface TierDef {
  name: string;
  users: number;
}

export interface TierFile {
  assumptions: TierAssumptions;
  tiers: TierDef[];
}

export interface TierRate {
  name: string;
  users: number;
  readsPerSecAvg: number;
  writesPerSecAvg: number;
  /** Arrival rate the tier is driven at: (reads + writes) per second at peak. */
  peakRate: number;
  readWriteRatio: number;
  /** Human-readable derivation of peakRate. */
  derivation: string;
}

export function tierRate(tier: TierDef, a: TierAssumptions): TierRate {
  const readsPerSecAvg = (tier.users * a.readsPerUserPerDay) / a.secondsPerDay;
  const writesPerSecAvg = (tier.users * a.writesPerUserPerDay) / a.secondsPerDay;
  const peakRate = (readsPerSecAvg + writesPerSecAvg) * a.peakFactor;
  return {
    name: tier.name,
    users: tier.users,
    readsPerSecAvg,
    writesPerSecAvg,
    peakRate,
    readWriteRatio: writesPerSecAvg > 0 ? readsPerSecAvg / writesPerSecAvg : Infinity,
    derivation:
      `${tier.users.toLocaleString('en-US')} users × (${a.readsPerUserPerDay} reads + ${a.writesPerUserPerDay} writes)/day ÷ ` +
      `${a.secondsPerDay} s × peak ${a.peakFactor} = ${peakRate.toFixed(1)} req/s`,
  };
}

/** Checks a parsed tier file; throws RangeError naming the field and the rule. */
export function validateTierFile(t: unknown): TierFile {
  const f = t as TierFile;
  if (!f || typeof f !== 'object' || !f.assumptions || !Array.isArray(f.tiers)) {
    throw new RangeError('tiers file: needs "assumptions" and a "tiers" array');
  }
  for (const k of ['readsPerUserPerDay', 'writesPerUserPerDay', 'peakFactor', 'secondsPerDay'] as const) {
    const v = f.assumptions[k];
    if (typeof v !== 'number' || !(v >= 0)) throw new RangeError(`tiers file: assumptions.${k} must be a number >= 0`);
  }
  if (!(f.assumptions.secondsPerDay > 0)) throw new RangeError('tiers file: assumptions.secondsPerDay must be > 0');
  const seen = new Set<string>();
  for (const tier of f.tiers) {
    if (typeof tier.name !== 'string' || !tier.name) throw new RangeError('tiers file: every tier needs a "name"');
    if (seen.has(tier.name.toLowerCase())) throw new RangeError(`tiers file: tier "${tier.name}" is listed twice`);
    seen.add(tier.name.toLowerCase());
    if (typeof tier.users !== 'number' || !(tier.users > 0)) throw new RangeError(`tiers file: tier "${tier.name}" needs users > 0`);
  }
  return f;
}

/** Picks tiers by name (case-insensitive) in the order asked; unknown names → RangeError listing the known ones. */
export function selectTiers(file: TierFile, names?: string[]): TierRate[] {
  const all = file.tiers;
  const chosen = names && names.length > 0 ? names : all.map((t) => t.name);
  return chosen.map((n) => {
    const t = all.find((x) => x.name.toLowerCase() === n.toLowerCase());
    if (!t) throw new RangeError(`unknown tier "${n}": known tiers are ${all.map((x) => x.name).join(', ')}`);
    return tierRate(t, file.assumptions);
  });
}
