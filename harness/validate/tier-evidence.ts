// Which stage holds a tier's rate, read from bench results: the tier step's SLO verdict, else the knee; loadgen-bound never counts.
import type { RunResult, StepResult } from '../results/result-types.ts';
import type { TierRate } from '../../loadtests/workload/tiers.ts';
import { sig } from '../render/format-units.ts';

export interface StageEvidence {
  stage: number;
  /** true = holds the tier's peak rate within the SLO; false = does not; null = the run cannot tell (loadgen-bound, aborted, driven lower). */
  holds: boolean | null;
  text: string;
  source: string;
}

/** A rate must be reached within 5 % of its target to count as held. */
const RATE_SLACK = 0.95;

export function stepFor(result: RunResult, tier: TierRate): StepResult | undefined {
  const matches = result.steps.filter(
    (s) => s.kind === 'tier' && (s.tier.toLowerCase() === tier.name.toLowerCase() || s.users === tier.users),
  );
  return matches[matches.length - 1];
}

/** Under the scale model a tier is driven at its rate × scale (a 1:10 model takes a tenth of the traffic). */
function scaleOf(result: RunResult): number {
  const s = result.scaleModel?.scale;
  return s !== undefined && s > 0 ? s : 1;
}

function fromStep(stage: number, step: StepResult, tierIn: TierRate, source: string, scale: number): StageEvidence {
  const tier = { ...tierIn, peakRate: tierIn.peakRate * scale };
  const p99 = `p99 ${sig(step.latencyUs.p99 / 1000)} ms`;
  const model = scale !== 1 ? ` (model at scale ${scale})` : '';
  const head = `stage ${stage} @ ${tier.name}: ${sig(step.achievedRate)} of ${sig(tier.peakRate)} req/s${model}, ${p99}`;
  if (step.loadgenBound) return { stage, holds: null, text: `${head}, loadgen-bound (not the target's limit)`, source };
  if (step.aborted) return { stage, holds: null, text: `${head}, step aborted`, source };
  if (step.targetRate !== null && step.targetRate < tier.peakRate * RATE_SLACK) {
    return { stage, holds: null, text: `${head}, but driven at ${sig(step.targetRate)} req/s (below the tier's rate)`, source };
  }
  const reached = step.achievedRate >= tier.peakRate * RATE_SLACK;
  const holds = step.slo.pass && reached;
  const why = holds ? 'SLO met' : [...step.slo.reasons, reached ? '' : 'rate not reached', step.bottleneck ? `bottleneck: ${step.bottleneck}` : ''].filter(Boolean).join('; ');
  return { stage, holds, text: `${head}, ${holds ? 'holds' : 'breaks'} (${why})`, source };
}

/** Evidence for one stage from the results given (the newest run of that stage wins); undefined when no run says anything. */
export function stageEvidence(results: { path: string; result: RunResult }[], stage: number, tier: TierRate): StageEvidence | undefined {
  const runs = results.filter((r) => r.result.stage === stage).sort((a, b) => a.result.startedAt.localeCompare(b.result.startedAt));
  for (const { path, result } of runs.reverse()) {
    const step = stepFor(result, tier);
    const scale = scaleOf(result);
    if (step) return fromStep(stage, step, tier, path, scale);
    if (result.knee) {
      const holds = result.knee.rate >= tier.peakRate * scale * RATE_SLACK;
      const cmp = holds ? '≥' : '<';
      return {
        stage,
        holds,
        text: `stage ${stage}: knee ${sig(result.knee.rate)} req/s ${cmp} ${tier.name} peak ${sig(tier.peakRate * scale)} req/s${scale !== 1 ? ` (model at scale ${scale})` : ''}${holds ? '' : ` (broke by ${result.knee.brokeBy})`}`,
        source: path,
      };
    }
  }
  return undefined;
}
