// Per-tier claims: users → arrival rates from the tier file (loadtests/tiers.json), with the derivation written out.
import { UserError } from '../../errors/user-error.ts';
import { selectTiers, type TierRate } from '../../../loadtests/workload/tiers.ts';
import { formatValue } from '../../render/format-units.ts';
import { str } from './formula-inputs.ts';
import type { Formula, RecomputeContext } from './formula-types.ts';

export function tierOf(claimId: string, tier: string, ctx: RecomputeContext): TierRate {
  try {
    return selectTiers(ctx.tiers, [tier])[0];
  } catch (e) {
    throw new UserError(`claims file: claim ${claimId}: ${(e as Error).message}`);
  }
}

const FIELDS = ['readsPerSecAvg', 'writesPerSecAvg', 'peakRate'] as const;

/** One number of a tier's rates (inputs: tier, field = readsPerSecAvg | writesPerSecAvg | peakRate). */
export const tierRateFormula: Formula = (claim, ctx) => {
  const t = tierOf(claim.id, str(claim, 'tier'), ctx);
  const field = str(claim, 'field') as (typeof FIELDS)[number];
  if (!FIELDS.includes(field)) throw new UserError(`claims file: claim ${claim.id}: inputs.field must be one of ${FIELDS.join(', ')}`);
  const a = ctx.tiers.assumptions;
  const value = t[field];
  return {
    value,
    unit: claim.stated.unit,
    text: `tiers.json: ${t.users.toLocaleString('en-US')} users × ${a.readsPerUserPerDay} reads/day ÷ ${a.secondsPerDay} s = ${formatValue(value, claim.stated.unit)} (${field})`,
    details: { derivation: t.derivation },
    checksStated: true,
  };
};

/** The tier's peak arrival rate: what a stage must hold for the row to be true. */
export const tierStageFormula: Formula = (claim, ctx) => {
  const t = tierOf(claim.id, str(claim, 'tier'), ctx);
  return {
    value: t.peakRate,
    unit: 'req/s',
    text: `${t.name} tier at peak: ${t.derivation}`,
    details: { tier: t.name, users: t.users, readsPerSecAvg: t.readsPerSecAvg, writesPerSecAvg: t.writesPerSecAvg },
    checksStated: false,
  };
};
