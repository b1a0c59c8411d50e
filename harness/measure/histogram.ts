// HDR latency histograms in integer microseconds: build, encode/decode (compressed base64), merge, percentiles.
import * as hdr from 'hdr-histogram-js';

export type Histogram = hdr.Histogram;

/** Highest latency we track: 5 minutes in µs. Longer values are clamped, never dropped. */
export const HIGHEST_TRACKABLE_US = 300_000_000;

export function newLatencyHistogram(): Histogram {
  return hdr.build({
    bitBucketSize: 64,
    autoResize: true,
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_TRACKABLE_US,
    numberOfSignificantValueDigits: 3,
    useWebAssembly: false,
  });
}

/** Record one latency in µs (rounded, clamped to [0, HIGHEST_TRACKABLE_US]). */
export function recordUs(h: Histogram, us: number): void {
  const v = Math.min(HIGHEST_TRACKABLE_US, Math.max(0, Math.round(us)));
  h.recordValue(v);
}

export function encodeHistogram(h: Histogram): string {
  return hdr.encodeIntoCompressedBase64(h);
}

export function decodeHistogram(b64: string): Histogram {
  return hdr.decodeFromCompressedBase64(b64, 64, false);
}

/** A new histogram holding every value of the given ones (lossless merge). */
export function mergeHistograms(hs: Iterable<Histogram>): Histogram {
  const out = newLatencyHistogram();
  for (const h of hs) out.add(h);
  return out;
}

export interface LatencySummaryUs {
  count: number;
  min: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
}

export function summarize(h: Histogram): LatencySummaryUs {
  const count = h.totalCount;
  if (count === 0) return { count: 0, min: 0, mean: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0 };
  return {
    count,
    min: h.minNonZeroValue === Number.MAX_SAFE_INTEGER ? 0 : h.minNonZeroValue,
    mean: Math.round(h.mean),
    p50: h.getValueAtPercentile(50),
    p90: h.getValueAtPercentile(90),
    p99: h.getValueAtPercentile(99),
    p999: h.getValueAtPercentile(99.9),
    max: h.getValueAtPercentile(100),
  };
}

/** How many recorded values are at or above `valueUs` (by bisecting the percentiles: the histogram's own resolution). */
export function countAtOrAbove(h: Histogram, valueUs: number): number {
  const n = h.totalCount;
  if (n === 0 || h.getValueAtPercentile(100) < valueUs) return 0;
  if (h.getValueAtPercentile(0) >= valueUs) return n;
  let lo = 0;
  let hi = 100;
  for (let i = 0; i < 50 && hi - lo > 1e-9; i++) {
    const mid = (lo + hi) / 2;
    if (h.getValueAtPercentile(mid) >= valueUs) hi = mid;
    else lo = mid;
  }
  return Math.max(1, Math.round((n * (100 - lo)) / 100));
}
