// A scenario script's k6 `options`: the tier's arrival-rate executor, the Little's-law VU pool, SLO thresholds, lean metric tags.
import type { ConstantArrivalRateScenario, Options, RampingArrivalRateScenario, Threshold } from 'k6/options';
import type { ScriptEnv } from './script-env.ts';

/**
 * Tags k6 attaches to every sample. `url` is left out (one value per code: huge output, no use); `status`, `error_code`,
 * `expected_response`, `scenario` and `group` are what the harness's parser reads; our own `endpoint`/`region` tags
 * are request tags, always kept.
 */
export const SYSTEM_TAGS = ['status', 'method', 'name', 'group', 'scenario', 'error_code', 'expected_response'];

/** k6 scenario names: letters, digits and '_' ("mixed_10k"). */
export function scenarioKey(script: string, tier: string): string {
  return `${script}_${tier}`.replace(/[^A-Za-z0-9_]/g, '_');
}

export function buildOptions(script: string, env: ScriptEnv, ratePerS: number, tier: string): Options {
  const key = scenarioKey(script, tier);
  const vus = sizeVus(ratePerS, env.expectedLatencyMs, env.slo.p99Ms, env.maxVus);
  const load = { ratePerS, durationS: env.durationS, vus, timeoutMs: env.timeoutMs };
  return {
    scenarios: { [key]: env.executor === 'ramping' ? rampingTierScenario(load, env.rampS) : constantTierScenario(load) },
    thresholds: sloThresholds(key, env.slo),
    discardResponseBodies: true,
    maxRedirects: 0,
    systemTags: SYSTEM_TAGS,
    summaryTrendStats: ['avg', 'min', 'med', 'p(90)', 'p(99)', 'p(99.9)', 'max', 'count'],
    setupTimeout: '5m',
    userAgent: 'scaleladder-k6',
  };
}

export interface TierLoad {
  ratePerS: number;
  durationS: number;
  vus: VuSizing;
  /** Per-request timeout; the scenario's gracefulStop lets requests in flight at the end finish within it. */
  timeoutMs: number;
}

/** A duration in k6's own syntax, whole milliseconds ("30s", "1500ms"). */
export function k6Duration(seconds: number): string {
  const ms = Math.round(seconds * 1000);
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

function gracefulStop(timeoutMs: number): string {
  return `${Math.ceil(timeoutMs / 1000) + 1}s`;
}

/** constant-arrival-rate: the tier's rate from the first second, for DURATION. */
export function constantTierScenario(load: TierLoad): ConstantArrivalRateScenario {
  const { rate, timeUnit } = toK6Rate(load.ratePerS);
  return {
    executor: 'constant-arrival-rate',
    rate,
    timeUnit,
    duration: k6Duration(load.durationS),
    preAllocatedVUs: load.vus.preAllocatedVUs,
    maxVUs: load.vus.maxVUs,
    gracefulStop: gracefulStop(load.timeoutMs),
  };
}

/** ramping-arrival-rate: from 1 iteration per time unit up to the tier's rate over `rampS`, then hold it for DURATION. */
export function rampingTierScenario(load: TierLoad, rampS: number): RampingArrivalRateScenario {
  const { rate, timeUnit } = toK6Rate(load.ratePerS);
  return {
    executor: 'ramping-arrival-rate',
    startRate: 1,
    timeUnit,
    stages: [
      { target: rate, duration: k6Duration(rampS) },
      { target: rate, duration: k6Duration(load.durationS) },
    ],
    preAllocatedVUs: load.vus.preAllocatedVUs,
    maxVUs: load.vus.maxVUs,
    gracefulStop: gracefulStop(load.timeoutMs),
  };
}

export interface K6Rate {
  rate: number;
  timeUnit: '1s' | '1m';
}

/** Whole per-second rates stay per second; others become iterations per minute (error at most 1/120 req/s). */
export function toK6Rate(ratePerS: number): K6Rate {
  if (!(ratePerS > 0) || !Number.isFinite(ratePerS)) throw new RangeError(`rate must be a finite number > 0 (got ${ratePerS})`);
  const whole = Math.round(ratePerS);
  if (Math.abs(ratePerS - whole) < 1e-9 && whole >= 1) return { rate: whole, timeUnit: '1s' };
  return { rate: Math.max(1, Math.round(ratePerS * 60)), timeUnit: '1m' };
}

/** Requests per second a K6Rate stands for. */
export function perSecond(r: K6Rate): number {
  return r.timeUnit === '1s' ? r.rate : r.rate / 60;
}

// The VU pool, sized by Little's law so k6 can keep the rate without over-allocating.
//
// Little's law: L = λ · W. One iteration sends one request and holds its VU until the response, so at an arrival
// rate λ (req/s) and a response time W (s) on average λ·W VUs are busy. Hence:
//   preAllocatedVUs = max(MIN_VUS, ceil(λ · W_expected · HEADROOM))   pool ready at start (W_expected: EXPECTED_LATENCY_MS)
//   maxVUs          = max(preAllocatedVUs, ceil(λ · W_slo · HEADROOM)) where W_slo = SLO p99 (SLO_P99_MS)
// HEADROOM = 2 absorbs latency variance around the mean. maxVUs lets k6 keep the rate while every response is as slow as
// twice the SLO allows; beyond that the target is far past its SLO and k6 reports the iterations it could not start as
// dropped_iterations (our sign of k6 falling behind) rather than silently slowing the arrival rate down.
// MAX_VUS caps both (memory of the generator host), never raising them.

export interface VuSizing {
  preAllocatedVUs: number;
  maxVUs: number;
  /** The arithmetic, for the summary and the report. */
  derivation: string;
}

export const HEADROOM = 2;
export const MIN_VUS = 2;

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

export interface Slo {
  p99Ms: number;
  errorRate: number;
}

/** e.g. { 'http_req_duration{scenario:mixed_10k}': ['p(99)<100'], 'http_req_failed{scenario:mixed_10k}': ['rate<0.001'] }. */
export function sloThresholds(scenarioKey: string, slo: Slo): Record<string, Threshold[]> {
  return {
    [`http_req_duration{scenario:${scenarioKey}}`]: [`p(99)<${slo.p99Ms}`],
    [`http_req_failed{scenario:${scenarioKey}}`]: [`rate<${slo.errorRate}`],
  };
}
