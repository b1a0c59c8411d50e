// Tier presets: one k6 arrival-rate scenario (open model) per tier, constant or ramp-then-hold.
import type { ConstantArrivalRateScenario, RampingArrivalRateScenario } from 'k6/options';
import { toK6Rate } from './rate-unit.ts';
import type { VuSizing } from './vu-sizing.ts';

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
