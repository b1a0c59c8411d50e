// Finds the knee: the highest open-model arrival rate that meets the SLO for a sustained step (coarse ramp, then bisection).
import type { KneeResult, SloSpec, StepResult } from '../results/result-types.ts';

export interface KneeSearchOptions {
  /** First rate tried (req/s). */
  startRate: number;
  /** Never probe above this (req/s). */
  maxRate: number;
  /** Never probe below this (req/s). */
  minRate: number;
  /** Coarse ramp multiplier (default 2). */
  factor: number;
  /** Stop bisecting when (fail − pass) / pass is below this (default 0.05). */
  tolerance: number;
  /** Hard cap on probes, ramp and bisection together (default 16). */
  maxProbes: number;
  slo: SloSpec;
}

export const DEFAULT_KNEE_OPTIONS: Omit<KneeSearchOptions, 'slo'> = {
  startRate: 100,
  maxRate: 200_000,
  minRate: 1,
  factor: 2,
  tolerance: 0.05,
  maxProbes: 16,
};

/** Runs one sustained step at `rate` and returns it (the caller keeps it in the results as kind 'knee'). */
export type Probe = (rate: number) => Promise<StepResult>;

export async function findKnee(probe: Probe, o: KneeSearchOptions, aborted: () => boolean = () => false): Promise<KneeResult & { steps: StepResult[] }> {
  const steps: StepResult[] = [];
  let pass: StepResult | undefined;
  let fail: StepResult | undefined;
  let generatorLimited = false;

  const run = async (rate: number) => {
    const s = await probe(Math.round(rate * 100) / 100);
    steps.push(s);
    if (s.loadgenBound) generatorLimited = true;
    return s;
  };

  // Coarse ramp: up by `factor` while passing, or down while failing, until the SLO boundary is bracketed.
  let rate = Math.min(Math.max(o.startRate, o.minRate), o.maxRate);
  while (steps.length < o.maxProbes && !aborted()) {
    const s = await run(rate);
    if (s.slo.pass && !s.loadgenBound) {
      pass = s;
      if (fail || rate >= o.maxRate) break;
      rate = Math.min(rate * o.factor, o.maxRate);
    } else {
      fail = s;
      if (s.loadgenBound || pass || rate <= o.minRate) break;
      rate = Math.max(rate / o.factor, o.minRate);
    }
  }

  // Bisection between the highest pass and the lowest fail above it.
  while (pass && fail && !generatorLimited && steps.length < o.maxProbes && !aborted()) {
    if ((fail.targetRate! - pass.targetRate!) / pass.targetRate! <= o.tolerance) break;
    const s = await run((pass.targetRate! + fail.targetRate!) / 2);
    if (s.loadgenBound) break;
    if (s.slo.pass) pass = s;
    else fail = s;
  }

  const brokeBy = !fail
    ? pass && pass.targetRate! >= o.maxRate
      ? `nothing broke up to the search ceiling of ${o.maxRate} req/s`
      : 'search stopped before the SLO broke'
    : fail.loadgenBound
      ? `the load generator, not the target, was the limit at ${fail.targetRate} req/s (${fail.loadgenBoundReason ?? 'generator saturated'}): the knee is at least ${pass?.targetRate ?? 0} req/s`
      : `at ${fail.targetRate} req/s: ${[fail.slo.reasons.join(', '), fail.bottleneck].filter(Boolean).join('; ') || 'SLO missed'}`;

  return {
    rate: pass?.targetRate ?? 0,
    slo: o.slo,
    brokeBy,
    probes: steps.map((s) => ({ rate: s.targetRate ?? 0, pass: s.slo.pass, p99Ms: s.slo.p99Ms, errorRate: s.errorRate, loadgenBound: s.loadgenBound })),
    steps,
  };
}
