// Judges a claim by its experiment's latest summary: confirms → holds, contradicts → contradicted, else not measured yet.
import type { ExperimentSummary } from '../experiments/experiment-types.ts';
import type { ClaimResult } from './claim-types.ts';

export function checkExperiment(name: string | undefined, s: ExperimentSummary | undefined): Pick<ClaimResult, 'measured' | 'verdict' | 'reason'> {
  if (name === undefined) return { measured: null, verdict: 'not measurable here', reason: 'measure key "experiment" needs inputs.experiment (the experiment\'s name)' };
  if (!s) return { measured: null, verdict: 'not measured yet', reason: `no run of experiment ${name} yet: run \`scaleladder experiment ${name}\` (make experiment-${name})` };
  const head = s.metrics[0];
  const arms = s.arms.map((a) => `${a.name} ${a.metrics[head.key]?.median ?? '—'}`).join(', ');
  const measured = {
    value: null,
    unit: head.unit,
    text: `experiment ${name} (${s.runId}, stage ${s.stage}, ${s.machines}): ${head.label} ${arms}; ${s.verdict.summary}`,
    details: { runId: s.runId, outcome: s.verdict.outcome, statistics: s.verdict.statistics },
  };
  if (s.verdict.outcome === 'confirms') return { measured, verdict: 'holds', reason: `experiment ${name} confirms it: ${s.verdict.summary}` };
  if (s.verdict.outcome === 'contradicts') return { measured, verdict: 'contradicted by measurement', reason: `experiment ${name} contradicts it: ${s.verdict.summary}` };
  return { measured, verdict: 'not measured yet', reason: `experiment ${name}'s latest run was inconclusive: ${s.verdict.summary}` };
}
