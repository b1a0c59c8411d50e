// A histogram's percentile spectrum as HdrHistogram plots it: x = 1/(1−p) on a log axis, 5 points per halving of the tail.
import { decodeHistogram, type Histogram } from '../measure/histogram.ts';

/** x positions 2^(k/5) for k = 0…83: percentiles 0 % … 99.999 % (x = 100,000). */
export const SPECTRUM_X: readonly number[] = Array.from({ length: 84 }, (_, k) => 2 ** (k / 5));

/** The percentile (0–100) an x of the spectrum axis stands for. */
export function percentileOfX(x: number): number {
  return 100 * (1 - 1 / x);
}

/** Latency in ms at every SPECTRUM_X percentile (null for an empty histogram). */
export function spectrumMs(h: Histogram): (number | null)[] {
  if (h.totalCount === 0) return SPECTRUM_X.map(() => null);
  // At least 1 µs: a log axis has no place for 0.
  return SPECTRUM_X.map((x) => Math.max(1, h.getValueAtPercentile(percentileOfX(x))) / 1000);
}

export function spectrumOf(encoded: string): (number | null)[] {
  return spectrumMs(decodeHistogram(encoded));
}
