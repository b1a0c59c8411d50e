// A step's arithmetic, shared by the bench's aggregate and the merge of several hosts: percentiles, error rate, SLO verdict.
// A small step (a scale model drives a tenth of the rate, so a 5 s probe may hold only 80 responses) fails the SLO only
// when its breaches are more than chance allows: its p99 is then its maximum, and one slow response out of 80 is what a
// true p99 < bound gives.
import { encodeHistogram, summarize, type Histogram } from '../measure/histogram.ts';
import type { LatencyPercentilesUs, SloSpec, SloVerdict } from './result-types.ts';

export function percentiles(h: Histogram): LatencyPercentilesUs {
  const s = summarize(h);
  return { p50: s.p50, p90: s.p90, p99: s.p99, p999: s.p999, max: s.max };
}

/** A histogram as a step carries it: its percentiles and itself, encoded (`count` too where the result has one). */
export function latencyRecord(h: Histogram): { latencyUs: LatencyPercentilesUs; histogram: string } {
  return { latencyUs: percentiles(h), histogram: encodeHistogram(h) };
}

export function countedLatencyRecord(h: Histogram): { count: number; latencyUs: LatencyPercentilesUs; histogram: string } {
  return { count: h.totalCount, ...latencyRecord(h) };
}

/** The one definition of a step's error rate: errors over attempted requests (answered + failed sends + dropped). */
export function stepErrorRate(completed: number, dropped: number, errors: Record<string, number>): number {
  const errorCount = Object.values(errors).reduce((a, b) => a + b, 0);
  // 'unexpected-status' answers are already among the completed; failed sends and drops are not.
  const attempted = completed + (errors.timeout ?? 0) + (errors.unfinished ?? 0) + (errors.connect ?? 0) + (errors.reset ?? 0) + (errors.other ?? 0) + dropped;
  return attempted > 0 ? Math.round(Math.min(1, errorCount / attempted) * 1e6) / 1e6 : 0;
}

/** Significance of the small-sample rule: a breach count this unlikely under the SLO's own rate fails the step. */
export const SLO_ALPHA = 0.05;

/** P(X ≥ k) for X ~ Binomial(n, p), summed directly (n is small whenever it matters). */
export function binomialTail(n: number, k: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  let term = (1 - p) ** n; // P(X = 0)
  let below = 0;
  for (let i = 0; i < k; i++) {
    below += term;
    term *= ((n - i) / (i + 1)) * (p / (1 - p));
  }
  return Math.max(0, 1 - below);
}

export interface SloSamples {
  /** Successful responses at or above the p99 bound. */
  slowOverBound: number;
  /** Failed requests (errors, dropped, unfinished) and the requests they were out of. */
  failed: number;
  attempted: number;
}

export function sloVerdict(slo: SloSpec, p99Us: number, errorRate: number, completed: number, samples?: SloSamples): SloVerdict {
  const p99Ms = p99Us / 1000;
  const reasons: string[] = [];
  if (completed === 0) reasons.push('no request completed');
  if (p99Ms >= slo.p99Ms) {
    // 1 % may be slower than the bound: fail only when the slow count is beyond what 1 % gives by chance.
    const k = samples?.slowOverBound;
    if (k === undefined || binomialTail(completed, k, 0.01) < SLO_ALPHA) reasons.push(`p99 ${p99Ms.toFixed(1)} ms ≥ ${slo.p99Ms} ms`);
  }
  if (errorRate >= slo.errorRate && errorRate > 0) {
    const s = samples;
    if (s === undefined || binomialTail(s.attempted, s.failed, slo.errorRate) < SLO_ALPHA) {
      reasons.push(`errors ${(errorRate * 100).toFixed(2)} % ≥ ${(slo.errorRate * 100).toFixed(2)} %`);
    }
  }
  const pass = reasons.length === 0;
  const verdict: SloVerdict = { pass, p99Ms, errorRate, reasons };
  if (pass && (p99Ms >= slo.p99Ms || (errorRate >= slo.errorRate && errorRate > 0))) {
    verdict.smallSample = `passes on ${completed} responses: ${samples?.slowOverBound ?? 0} at or over ${slo.p99Ms} ms and ${samples?.failed ?? 0} failed are within what the SLO's own 1 % / ${(slo.errorRate * 100).toFixed(2)} % allow by chance (binomial, α ${SLO_ALPHA})`;
  }
  return verdict;
}
