// Two-proportion z-test (pooled), for error rates of one run each side: a within-run test only.
import { twoSidedNormalP } from './normal.ts';

export interface TwoProportionResult {
  z: number;
  p: number;
}

export function twoProportionTest(errorsA: number, nA: number, errorsB: number, nB: number): TwoProportionResult {
  if (!(nA > 0 && nB > 0)) return { z: 0, p: 1 };
  const pooled = (errorsA + errorsB) / (nA + nB);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / nA + 1 / nB));
  if (!(se > 0)) return { z: 0, p: 1 };
  const z = (errorsB / nB - errorsA / nA) / se;
  return { z, p: twoSidedNormalP(z) };
}
