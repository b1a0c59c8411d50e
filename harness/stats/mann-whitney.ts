// Two-sided Mann–Whitney U test: exact permutation distribution of the rank sum (ties kept as midranks) for small samples, normal approximation with tie and continuity correction beyond.
import { midranks } from './midranks.ts';
import { twoSidedNormalP } from './normal.ts';

/** Pooled sizes up to this use the exact distribution (counts stay exact in doubles: C(50,25) < 2^53). */
export const EXACT_MAX_POOLED = 50;

export interface MannWhitneyResult {
  /** U of the first sample: the number of pairs (x, y) with x > y, ties counting one half. */
  u: number;
  /** U of the second sample (u + uY = n·m). */
  uY: number;
  /** Two-sided p-value. */
  p: number;
  method: 'exact' | 'normal';
  n: number;
  m: number;
}

export function mannWhitneyU(x: readonly number[], y: readonly number[]): MannWhitneyResult {
  const n = x.length;
  const m = y.length;
  if (n === 0 || m === 0) throw new RangeError(`mannWhitneyU: both samples need at least one value (got ${n} and ${m})`);
  for (const v of [...x, ...y]) if (!Number.isFinite(v)) throw new RangeError(`mannWhitneyU: values must be finite numbers, got ${v}`);
  const { ranks, tieSizes } = midranks([...x, ...y]);
  // Doubled ranks are integers, so the rank-sum distribution lives on integers.
  const w2 = ranks.map((r) => Math.round(2 * r));
  const observed2 = w2.slice(0, n).reduce((s, v) => s + v, 0);
  const u = observed2 / 2 - (n * (n + 1)) / 2;
  const uY = n * m - u;
  if (n + m <= EXACT_MAX_POOLED) {
    return { u, uY, p: exactTwoSidedP(w2, n, observed2), method: 'exact', n, m };
  }
  const N = n + m;
  const tieTerm = tieSizes.reduce((s, t) => s + (t * t * t - t), 0);
  const variance = ((n * m) / 12) * (N + 1 - tieTerm / (N * (N - 1)));
  if (!(variance > 0)) return { u, uY, p: 1, method: 'normal', n, m };
  const diff = u - (n * m) / 2;
  const corrected = Math.max(0, Math.abs(diff) - 0.5);
  return { u, uY, p: twoSidedNormalP(corrected / Math.sqrt(variance)), method: 'normal', n, m };
}

/**
 * p = min(1, 2·min(P(W ≤ w), P(W ≥ w))) where W is the sum of n of the pooled (doubled) ranks drawn
 * without replacement — every assignment of the pooled values to the two groups equally likely.
 */
function exactTwoSidedP(w2: number[], n: number, observed2: number): number {
  const maxSum = w2.reduce((s, v) => s + v, 0);
  // counts[k][s]: number of k-subsets of the items seen so far whose doubled ranks sum to s.
  const counts: Float64Array[] = Array.from({ length: n + 1 }, () => new Float64Array(maxSum + 1));
  counts[0][0] = 1;
  for (const w of w2) {
    for (let k = n; k >= 1; k--) {
      const dst = counts[k];
      const src = counts[k - 1];
      for (let s = maxSum; s >= w; s--) if (src[s - w] !== 0) dst[s] += src[s - w];
    }
  }
  const dist = counts[n];
  let total = 0;
  let atOrBelow = 0;
  let atOrAbove = 0;
  for (let s = 0; s <= maxSum; s++) {
    const c = dist[s];
    if (c === 0) continue;
    total += c;
    if (s <= observed2) atOrBelow += c;
    if (s >= observed2) atOrAbove += c;
  }
  return Math.min(1, (2 * Math.min(atOrBelow, atOrAbove)) / total);
}
