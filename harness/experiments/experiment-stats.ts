// Pure: how two arms' values differ — medians, ratio, and a Mann–Whitney p-value once there are repeats to test.
import { mannWhitneyU } from '../stats/mann-whitney.ts';
import { median } from '../stats/median-ci.ts';

export interface ArmComparison {
  nA: number;
  nB: number;
  medianA: number;
  medianB: number;
  /** medianA ÷ medianB (Infinity when B is 0 and A is not; 1 when both are 0). */
  ratio: number;
  /** Two-sided Mann–Whitney p; null with fewer than 3 runs a side (the smallest exact p of 2 vs 2 is 0.33). */
  p: number | null;
  /** Every value of A above every value of B (or below): the runs do not overlap. */
  separated: boolean;
}

export function compareArms(a: readonly number[], b: readonly number[]): ArmComparison {
  if (a.length === 0 || b.length === 0) throw new RangeError(`compareArms: both arms need a value (got ${a.length} and ${b.length})`);
  const medianA = median(a);
  const medianB = median(b);
  const ratio = medianB === 0 ? (medianA === 0 ? 1 : Infinity) : medianA / medianB;
  const p = a.length >= 3 && b.length >= 3 ? mannWhitneyU(a, b).p : null;
  const separated = Math.min(...a) > Math.max(...b) || Math.max(...a) < Math.min(...b);
  return { nA: a.length, nB: b.length, medianA, medianB, ratio, p, separated };
}

/**
 * "A is larger than B by at least `factor`": the medians differ by the factor, and the runs agree — every run of A is
 * above every run of B, or (≥ 3 runs a side) the Mann–Whitney p is below alpha. With one run a side this is the ratio
 * alone: use repeats where the effect is small next to the noise.
 */
export function clearlyLarger(c: ArmComparison, factor: number, alpha = 0.1): boolean {
  if (!(c.ratio >= factor) || !(c.medianA > c.medianB)) return false;
  return c.separated || (c.p !== null && c.p < alpha);
}

/** The statistics of a comparison for a verdict's `statistics` (rounded, p left out when not computed). */
export function comparisonStats(prefix: string, c: ArmComparison): Record<string, number | string> {
  const r = (v: number) => (Number.isFinite(v) ? Math.round(v * 1000) / 1000 : String(v));
  return {
    [`${prefix}MedianA`]: r(c.medianA),
    [`${prefix}MedianB`]: r(c.medianB),
    [`${prefix}Ratio`]: r(c.ratio),
    [`${prefix}Runs`]: `${c.nA} vs ${c.nB}`,
    ...(c.p !== null ? { [`${prefix}P`]: r(c.p) } : { [`${prefix}Separated`]: c.separated ? 'yes' : 'no' }),
  };
}
