// A percentile of one HDR histogram with a distribution-free CI from order statistics (the within-run sampling noise only).
import type { Histogram } from '../measure/histogram.ts';

/** Relative value resolution of our histograms (3 significant digits): values closer than this are indistinguishable. */
export const HDR_RELATIVE_PRECISION = 0.001;

export interface PercentileCi {
  value: number;
  lo: number;
  hi: number;
  count: number;
}

/** Value of the r-th smallest recorded value (1-based), at the histogram's resolution. */
function valueAtRank(h: Histogram, rank: number): number {
  return h.getValueAtPercentile((100 * rank) / h.totalCount);
}

/**
 * Ranks nq ± z·sqrt(nq(1−q)) (normal approximation to the binomial count below the quantile, z = 1.96).
 * Assumes the run's latencies are independent draws — they are not quite (latency is autocorrelated), so this
 * understates the noise and says nothing about run-to-run variation.
 */
export function percentileCi(h: Histogram, percentile: number, z = 1.96): PercentileCi {
  const n = h.totalCount;
  if (n === 0) return { value: 0, lo: 0, hi: 0, count: 0 };
  const q = percentile / 100;
  const half = z * Math.sqrt(n * q * (1 - q));
  const loRank = Math.min(n, Math.max(1, Math.floor(n * q - half)));
  const hiRank = Math.min(n, Math.max(1, Math.ceil(n * q + half)));
  return { value: h.getValueAtPercentile(percentile), lo: valueAtRank(h, loRank), hi: valueAtRank(h, hiRank), count: n };
}
