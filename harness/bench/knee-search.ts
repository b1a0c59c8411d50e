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
  /** Hard cap on probes, ramp and bisection together, repeats included (default 24: each failure is tried twice). */
  maxProbes: number;
  slo: SloSpec;
}

export const DEFAULT_KNEE_OPTIONS: Omit<KneeSearchOptions, 'slo'> = {
  startRate: 100,
  maxRate: 200_000,
  minRate: 1,
  factor: 2,
  tolerance: 0.05,
  maxProbes: 24,
};

/** Runs one sustained step at `rate` and returns it (the caller keeps it in the results as kind 'knee'). */
export type Probe = (rate: number) => Promise<StepResult>;

/** Why a failed step cannot be blamed on the target: the generator was the limit, or the step was inconclusive. */
function notTheTarget(s: StepResult): string | undefined {
  if (s.loadgenBound) return `the load generator, not the target, was the limit (${s.loadgenBoundReason ?? 'generator saturated'})`;
  if (s.inconclusive?.length) return `inconclusive: ${s.inconclusive.join('; ')}`;
  return undefined;
}

/**
 * A passing probe says nothing about the rate when the generator could not send it (generator-bound and short of the
 * rate); one that met the SLO at the full rate is a pass, whatever its generator lag.
 */
function shortOfRate(s: StepResult): boolean {
  return s.loadgenBound && (s.targetRate === null || s.achievedRate === undefined || s.achievedRate < 0.95 * s.targetRate);
}

/** Failures that cannot be blamed on the target (both tries) the search bisects below before it gives up. */
export const MAX_UNBLAMED_CEILINGS = 2;

/**
 * Probes are believed as follows: a pass is a pass (unless the generator was the limit); a failure is repeated once
 * before it is believed. A failure blamed on the generator or flagged inconclusive (generator lag, noisy machine) is
 * never counted as the target's: when its repeat is one too, that rate becomes a ceiling the search bisects below (a
 * 2× ramp would otherwise leave the knee at half the rate it could be), up to MAX_UNBLAMED_CEILINGS times; without a
 * confirmed fail under the lowest ceiling, the knee is a lower bound.
 */
export async function findKnee(probe: Probe, o: KneeSearchOptions, aborted: () => boolean = () => false): Promise<KneeResult & { steps: StepResult[] }> {
  const steps: StepResult[] = [];
  const repeats = new Set<StepResult>();
  let pass: StepResult | undefined;
  let fail: StepResult | undefined;
  /** Set when the search had to stop on a failure it could not blame on the target. */
  let stoppedBy: StepResult | undefined;

  const once = async (rate: number) => {
    const s = await probe(Math.round(rate * 100) / 100);
    steps.push(s);
    return s;
  };
  /** 'pass', 'fail' (confirmed: failed twice, the second time cleanly) or 'stop' (generator-limited or inconclusive). */
  const run = async (rate: number): Promise<{ verdict: 'pass' | 'fail' | 'stop'; step: StepResult }> => {
    const s = await once(rate);
    if (s.slo.pass) return shortOfRate(s) ? { verdict: 'stop', step: s } : { verdict: 'pass', step: s };
    if (steps.length >= o.maxProbes || aborted()) return { verdict: notTheTarget(s) ? 'stop' : 'fail', step: s };
    const again = await once(s.targetRate ?? rate);
    repeats.add(again);
    if (again.slo.pass && !shortOfRate(again)) return { verdict: 'pass', step: again };
    if (notTheTarget(again)) return { verdict: 'stop', step: again };
    return { verdict: 'fail', step: again };
  };

  /** The lowest rate whose failure could not be blamed on the target; the search stays below it. */
  let ceilings = 0;
  const hitCeiling = (step: StepResult): boolean => {
    if (!stoppedBy || step.targetRate! < stoppedBy.targetRate!) stoppedBy = step;
    return ++ceilings >= MAX_UNBLAMED_CEILINGS;
  };
  const upper = (): StepResult | undefined => {
    if (fail && stoppedBy) return fail.targetRate! < stoppedBy.targetRate! ? fail : stoppedBy;
    return fail ?? stoppedBy;
  };

  // Coarse ramp: up by `factor` while passing, or down while failing, until the SLO boundary is bracketed.
  let rate = Math.min(Math.max(o.startRate, o.minRate), o.maxRate);
  while (steps.length < o.maxProbes && !aborted()) {
    const { verdict, step } = await run(rate);
    if (verdict === 'stop') {
      hitCeiling(step);
      break;
    }
    if (verdict === 'pass') {
      pass = step;
      if (fail || rate >= o.maxRate) break;
      rate = Math.min(rate * o.factor, o.maxRate);
    } else {
      fail = step;
      if (pass || rate <= o.minRate) break;
      rate = Math.max(rate / o.factor, o.minRate);
    }
  }

  // Bisection between the highest pass and the lowest confirmed fail (or unblamed ceiling) above it.
  let top = upper();
  while (pass && top && ceilings < MAX_UNBLAMED_CEILINGS && steps.length < o.maxProbes && !aborted()) {
    if ((top.targetRate! - pass.targetRate!) / pass.targetRate! <= o.tolerance) break;
    const { verdict, step } = await run((pass.targetRate! + top.targetRate!) / 2);
    if (verdict === 'stop') {
      if (hitCeiling(step)) break;
    } else if (verdict === 'pass') pass = step;
    else fail = step;
    top = upper();
  }
  // A ceiling above the confirmed fail changes nothing: the fail is the bracket.
  if (stoppedBy && fail && fail.targetRate! < stoppedBy.targetRate! && (!pass || fail.targetRate! > pass.targetRate!)) stoppedBy = undefined;

  const lowerBound = `the knee is at least ${pass?.targetRate ?? 0} req/s`;
  const brokeBy = stoppedBy
    ? `${notTheTarget(stoppedBy) ?? 'the load generator, not the target, was the limit'} at ${stoppedBy.targetRate} req/s: ${lowerBound}`
    : !fail
      ? pass && pass.targetRate! >= o.maxRate
        ? `nothing broke up to the search ceiling of ${o.maxRate} req/s`
        : 'search stopped before the SLO broke'
      : `at ${fail.targetRate} req/s: ${[fail.slo.reasons.join(', '), fail.bottleneck].filter(Boolean).join('; ') || 'SLO missed'}`;

  // The first confirmed fail above the last pass (a fail below a later pass, e.g. on the way down, is not the bracket).
  const failRate = fail && !stoppedBy && (!pass || fail.targetRate! > pass.targetRate!) ? fail.targetRate ?? undefined : undefined;
  return {
    rate: pass?.targetRate ?? 0,
    ...(failRate !== undefined ? { failRate } : {}),
    slo: o.slo,
    brokeBy,
    probes: steps.map((s) => ({
      rate: s.targetRate ?? 0,
      pass: s.slo.pass,
      p99Ms: s.slo.p99Ms,
      errorRate: s.errorRate,
      loadgenBound: s.loadgenBound,
      ...(repeats.has(s) ? { repeat: true } : {}),
      ...(s.inconclusive?.length ? { inconclusive: s.inconclusive } : {}),
    })),
    steps,
  };
}
