// Dispatches a claim to its formula kind and returns the recomputed value (null for kind "none").
import type { Claim, FormulaKind } from '../claim-types.ts';
import { exhaustionYears, power, product, rate, reduction } from './arithmetic-formulas.ts';
import type { Formula, Recomputation, RecomputeContext } from './formula-types.ts';
import { consistentMoved, modNMoved } from './hashing-formulas.ts';
import { tierRateFormula, tierStageFormula } from './tier-formulas.ts';
import { zipfTopShareFormula } from './zipf-formulas.ts';
import { cacheCascade, noAffinityChurn, tierTableDiff } from './seed-003-004-formulas.ts';

const FORMULAS: Record<FormulaKind, Formula> = {
  rate,
  product,
  power,
  'exhaustion-years': exhaustionYears,
  reduction,
  'mod-n-moved': modNMoved,
  'consistent-moved': consistentMoved,
  'zipf-top-share': zipfTopShareFormula,
  'tier-rate': tierRateFormula,
  'tier-stage': tierStageFormula,
  'cache-cascade': cacheCascade,
  'no-affinity-churn': noAffinityChurn,
  'tier-table-diff': tierTableDiff,
  none: () => null,
};

export function recompute(claim: Claim, ctx: RecomputeContext): Recomputation | null {
  return FORMULAS[claim.formula](claim, ctx);
}
