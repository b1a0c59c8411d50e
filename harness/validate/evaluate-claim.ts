// One claim → one result row: stated, recomputed from its own inputs, measured where this machine can, and the verdict.
import type { RunResult } from '../results/result-types.ts';
import type { Claim, ClaimResult, MeasurementKey } from './claim-types.ts';
import { recompute } from './formulas/recompute.ts';
import type { RecomputeContext } from './formulas/formula-types.ts';
import { tierOf } from './formulas/tier-formulas.ts';
import { measuredValue } from './measured-value.ts';
import type { Measurements } from './measure/take-measurements.ts';
import { checkCause, type NamedCause } from './cause-check.ts';
import { checkTierStage } from './tier-stage-check.ts';
import { decideVerdict, type MeasuredOutcome } from './verdict.ts';
import { checkExperiment } from './experiment-check.ts';
import type { ExperimentSummary } from '../experiments/experiment-types.ts';

export interface EvaluateContext extends RecomputeContext {
  /** Measurements taken on this machine; undefined when measuring was switched off. */
  measurements?: Measurements;
  results: { path: string; result: RunResult }[];
  /** The latest summary of an experiment by name (default: none ran). */
  experimentSummary?: (name: string) => ExperimentSummary | undefined;
}

/** Which raw measurement a key depends on (names in Measurements.errors). */
const SOURCE: Record<MeasurementKey, string[]> = {
  'keys-moved-mod-n': ['keys moved'],
  'keys-moved-consistent': ['keys moved'],
  'zipf-top-share': ['zipf share'],
  'redis-get-latency': ['redis'],
  'sqlite-lookup-latency': ['sqlite'],
  'redis-vs-sqlite-speedup': ['redis', 'sqlite'],
  'redis-bytes-int-plain': ['redis'],
  'redis-bytes-int-bucketed': ['redis'],
  'redis-reduction-int': ['redis'],
  'hot-cache-bytes': ['redis'],
  'sqlite-bytes-per-link': ['sqlite'],
  'pg-lookup-latency': ['postgres'],
  'pg-lookup-latency-at-knee': ['postgres'],
  'pg-replica-reads-per-s': ['postgres'],
  'tier-stage': [],
  experiment: [],
};

function outcome(claim: Claim, ctx: EvaluateContext): MeasuredOutcome {
  const key = claim.measure?.key;
  if (!key) return { value: null };
  const m = ctx.measurements;
  if (!m) return { value: null, skipped: 'measure: false' };
  const value = measuredValue(claim, m);
  if (value) return { value };
  const failed = SOURCE[key].map((s) => m.errors[s] && `${s}: ${m.errors[s]}`).filter(Boolean).join('; ');
  return failed ? { value: null, failed } : { value: null, skipped: 'not taken' };
}

export function evaluateClaim(claim: Claim, ctx: EvaluateContext): ClaimResult {
  const re = recompute(claim, ctx);
  const base = {
    id: claim.id,
    table: claim.table,
    row: claim.row,
    text: claim.text,
    stated: claim.stated,
    recomputed: re ? { value: re.value, unit: re.unit, text: re.text, ...(re.details ? { details: re.details } : {}) } : null,
    ...(claim.note ? { note: claim.note } : {}),
  };
  if (claim.formula === 'tier-stage' || claim.measure?.key === 'tier-stage') {
    const tier = tierOf(claim.id, String(claim.inputs.tier), ctx);
    const breaks = claim.inputs.breaksStage;
    const r = checkTierStage(ctx.results, tier, Number(claim.inputs.holdsStage), typeof breaks === 'number' ? breaks : undefined);
    const named = claim.inputs.cause;
    if (typeof named !== 'string' || typeof breaks !== 'number' || ctx.results.length === 0) return { ...base, measured: r.measured, verdict: r.verdict, reason: r.reason };
    // Two parts, each stated, measured and judged: the tier where the stage breaks, and the cause the row names.
    const c = checkCause(ctx.results, tier, breaks, named as NamedCause);
    const verdict = combineVerdicts(r.verdict, c.verdict);
    const parts = [
      { part: 'tier', stated: claim.stated.text, measured: r.measured?.text ?? 'no result', verdict: r.verdict },
      { part: 'cause', stated: c.stated, measured: c.measured, verdict: c.verdict },
    ];
    const measured = { value: r.measured?.value ?? null, unit: 'stage', text: `${r.measured?.text ?? 'no result'}; cause: ${c.measured}`, details: { ...(r.measured?.details ?? {}), parts } };
    return { ...base, measured, verdict, reason: `tier [${r.verdict}]: ${r.reason}; cause [${c.verdict}]: stated ${c.stated}, measured ${c.measured}` };
  }
  if (claim.measure?.key === 'experiment') {
    const name = claim.inputs.experiment;
    const r = checkExperiment(typeof name === 'string' ? name : undefined, typeof name === 'string' ? ctx.experimentSummary?.(name) : undefined);
    return { ...base, ...r };
  }
  const measured = outcome(claim, ctx);
  const { verdict, reason } = decideVerdict(claim, re, measured);
  return { ...base, measured: measured.value, verdict, reason };
}

/** Both parts hold → holds; either contradicted → contradicted; otherwise not measured yet. */
export function combineVerdicts(a: ClaimResult['verdict'], b: ClaimResult['verdict']): ClaimResult['verdict'] {
  if (a === 'contradicted by measurement' || b === 'contradicted by measurement') return 'contradicted by measurement';
  if (a === 'holds' && b === 'holds') return 'holds';
  return 'not measured yet';
}
