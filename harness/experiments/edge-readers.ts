// Readers the edge experiments (redirect-status, vary-trap, cdn-distance, shield) share: their one measured step, its figures.
import type { StepFigureName } from '../measure/step-figures.ts';
import type { RunResult, StepResult } from '../results/result-types.ts';
import type { ArmValues, ExperimentBenchInput } from './experiment-types.ts';
import { tierSteps } from './experiment-series.ts';

/**
 * What every edge experiment shares: stage 4 unconstrained (--machine-cpu none: their metrics are counts and emulated
 * distances, which the scale model does not change), no calibration, one 15 s step at 150 req/s over 2,000 links.
 */
export const EDGE_BASE = { stage: 4, machineCpu: 'none', calibrateS: 0, warmupS: 0, stepDurationS: 15, rate: 150, seedLinks: 2000 } as const satisfies ExperimentBenchInput;

/** The last measured step of a run (edge experiments drive one fixed-rate step), or undefined when it never ran. */
export function measuredStep(result: RunResult): StepResult | undefined {
  const steps = tierSteps(result);
  return steps[steps.length - 1];
}

/** A stage figure of the measured step, or null when the step or the figure is missing. */
export function figure(result: RunResult, key: StepFigureName): number | null {
  const v = measuredStep(result)?.figures[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** p99 (ms) of one client region's successful responses in the measured step, emulated distance included. */
export function regionP99Ms(result: RunResult, region: string): number | null {
  const r = measuredStep(result)?.byRegion?.[region];
  return r && r.count > 0 ? r.latencyUs.p99 / 1000 : null;
}

/** p50 (ms) of one client region's successful responses in the measured step. */
export function regionP50Ms(result: RunResult, region: string): number | null {
  const r = measuredStep(result)?.byRegion?.[region];
  return r && r.count > 0 ? r.latencyUs.p50 / 1000 : null;
}

/** The first value of a metric in an arm (arms run once by default), or null. */
export function first(values: Record<string, number[]>, key: string): number | null {
  const v = values[key];
  return v && v.length ? v[0] : null;
}

/**
 * Arms whose measured step the bench flagged as taken on a noisy machine (the generator or a service waiting for a CPU
 * much of the step: harness/bench/attribution.ts). Latency from such a step measures the box, not the technique; counts
 * (hits, origin requests, clicks) are not affected.
 */
export function noisyArms(arms: readonly ArmValues[]): string[] {
  return arms.filter((a) => a.results.some((r) => measuredStep(r)?.noisyMachine === true)).map((a) => a.arm);
}
