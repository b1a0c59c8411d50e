// Sizes an arrival-rate scenario's VU pool by Little's law, so k6 can keep the rate without over-allocating.
//
// Little's law: L = λ · W. One iteration sends one request and holds its VU until the response, so at an arrival
// rate λ (req/s) and a response time W (s) on average λ·W VUs are busy. Hence:
//   preAllocatedVUs = max(MIN_VUS, ceil(λ · W_expected · HEADROOM))   pool ready at start (W_expected: EXPECTED_LATENCY_MS)
//   maxVUs          = max(preAllocatedVUs, ceil(λ · W_slo · HEADROOM)) where W_slo = SLO p99 (SLO_P99_MS)
// HEADROOM = 2 absorbs latency variance around the mean. maxVUs lets k6 keep the rate while every response is as slow as
// twice the SLO allows; beyond that the target is far past its SLO and k6 reports the iterations it could not start as
// dropped_iterations (our sign of k6 falling behind) rather than silently slowing the arrival rate down.
// MAX_VUS caps both (memory of the generator host), never raising them.

export const HEADROOM = 2;
export const MIN_VUS = 2;

export interface VuSizing {
  preAllocatedVUs: number;
  maxVUs: number;
  /** The arithmetic, for the summary and the report. */
  derivation: string;
}

export function sizeVus(ratePerS: number, expectedLatencyMs: number, sloP99Ms: number, cap?: number): VuSizing {
  if (!(ratePerS > 0)) throw new RangeError(`vu sizing: rate must be > 0 (got ${ratePerS})`);
  if (!(expectedLatencyMs > 0) || !(sloP99Ms > 0)) throw new RangeError('vu sizing: latencies must be > 0 ms');
  let pre = Math.max(MIN_VUS, Math.ceil(ratePerS * (expectedLatencyMs / 1000) * HEADROOM));
  let max = Math.max(pre, Math.ceil(ratePerS * (sloP99Ms / 1000) * HEADROOM));
  if (cap !== undefined) {
    pre = Math.min(pre, cap);
    max = Math.min(max, cap);
  }
  const r = ratePerS.toFixed(1);
  return {
    preAllocatedVUs: pre,
    maxVUs: max,
    derivation:
      `preAllocatedVUs = max(${MIN_VUS}, ceil(${r}/s × ${expectedLatencyMs} ms × ${HEADROOM})) = ${pre}; ` +
      `maxVUs = max(pre, ceil(${r}/s × ${sloP99Ms} ms × ${HEADROOM})) = ${max}` +
      (cap !== undefined ? ` (capped by MAX_VUS=${cap})` : ''),
  };
}
