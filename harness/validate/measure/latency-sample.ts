// Exact latency percentiles of a small sample of lookups (a few thousand values, kept whole in ns and summarized in µs).

export interface LatencySampleUs {
  count: number;
  meanUs: number;
  p50Us: number;
  p90Us: number;
  p99Us: number;
  maxUs: number;
}

export function summarizeNs(samplesNs: Float64Array | number[]): LatencySampleUs {
  const s = Float64Array.from(samplesNs).sort();
  const n = s.length;
  if (n === 0) return { count: 0, meanUs: 0, p50Us: 0, p90Us: 0, p99Us: 0, maxUs: 0 };
  // Nearest-rank percentile, as HdrHistogram reports them.
  const at = (p: number): number => s[Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1))] / 1000;
  return {
    count: n,
    meanUs: s.reduce((a, v) => a + v, 0) / n / 1000,
    p50Us: at(50),
    p90Us: at(90),
    p99Us: at(99),
    maxUs: s[n - 1] / 1000,
  };
}
