// Judges a "what breaks at each scale stage" row from results: the fix stage must hold the tier, the stage before must not.
import type { RunResult } from '../results/result-types.ts';
import type { TierRate } from '../../loadtests/workload/tiers.ts';
import type { ComputedValue, Verdict } from './claim-types.ts';
import { stageEvidence } from './tier-evidence.ts';

export interface TierStageOutcome {
  measured: ComputedValue | null;
  verdict: Verdict;
  reason: string;
}

export function checkTierStage(
  results: { path: string; result: RunResult }[],
  tier: TierRate,
  holdsStage: number,
  breaksStage: number | undefined,
): TierStageOutcome {
  const stages = [...new Set(results.map((r) => r.result.stage))].sort((a, b) => a - b);
  const all = stages.map((s) => stageEvidence(results, s, tier)).filter((e) => e !== undefined);
  const lowest = all.find((e) => e.holds === true)?.stage ?? null;
  const measured: ComputedValue | null =
    all.length === 0
      ? null
      : {
          value: lowest,
          unit: 'stage',
          text: all.map((e) => e.text).join('; ') + (lowest === null ? '; no measured stage holds it' : `; lowest stage holding it: ${lowest}`),
          details: { evidence: all },
        };
  if (results.length === 0) return { measured, verdict: 'not measured yet', reason: 'no results files given (scaleladder validate --results FILE…)' };

  const fix = all.find((e) => e.stage === holdsStage);
  const before = breaksStage === undefined ? undefined : all.find((e) => e.stage === breaksStage);
  if (fix?.holds === false) return { measured, verdict: 'contradicted by measurement', reason: `stage ${holdsStage} does not hold ${tier.name}: ${fix.text}` };
  if (before?.holds === true) {
    return { measured, verdict: 'contradicted by measurement', reason: `stage ${breaksStage} already holds ${tier.name}, so nothing breaks there yet: ${before.text}` };
  }
  const beforeOk = breaksStage === undefined || before?.holds === false;
  if (fix?.holds === true && beforeOk) {
    return { measured, verdict: 'holds', reason: [fix.text, before?.text].filter(Boolean).join('; ') };
  }
  const missing = [
    fix?.holds === true ? '' : `stage ${holdsStage} at ${tier.name}${fix ? ' (inconclusive)' : ''}`,
    beforeOk ? '' : `stage ${breaksStage} at ${tier.name}${before ? ' (inconclusive)' : ''}`,
  ].filter(Boolean);
  return { measured, verdict: 'not measured yet', reason: `needs a conclusive run of ${missing.join(' and ')}` };
}
