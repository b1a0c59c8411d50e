// Median with a distribution-free confidence interval from order statistics (the interval benchstat reports).
import { binomialHalfCdf } from './binomial.ts';

export interface MedianCi {
  n: number;
  median: number;
  lo: number;
  hi: number;
  /** Confidence actually achieved by [x(k), x(n+1-k)]: 1 − 2·P(B ≤ k−1), B ~ Binomial(n, ½). */
  level: number;
  /** True when n is too small to reach the requested level (the widest interval, min..max, is returned). */
  belowRequested: boolean;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new RangeError('median: needs at least one value');
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Coverage of the order-statistic interval [x(k), x(n+1−k)] for the median of any continuous distribution. */
export function orderStatisticCoverage(n: number, k: number): number {
  return 1 - 2 * binomialHalfCdf(k - 1, n);
}

/**
 * The narrowest interval [x(k), x(n+1−k)] whose coverage is at least `level` (default 0.95).
 * Needs no assumption about the distribution; with n ≤ 5 the level cannot reach 95 % and min..max is returned.
 */
export function medianCi(xs: readonly number[], level = 0.95): MedianCi {
  const n = xs.length;
  if (n === 0) throw new RangeError('medianCi: needs at least one value');
  if (!(level > 0 && level < 1)) throw new RangeError(`medianCi: level must be between 0 and 1, got ${level}`);
  const s = [...xs].sort((a, b) => a - b);
  let k = 1;
  while (k + 1 <= Math.ceil(n / 2) && orderStatisticCoverage(n, k + 1) >= level) k++;
  const achieved = orderStatisticCoverage(n, k);
  return { n, median: median(s), lo: s[k - 1], hi: s[n - k], level: achieved, belowRequested: achieved < level };
}
