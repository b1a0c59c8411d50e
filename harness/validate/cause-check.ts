// Judges the cause a "what breaks" row names (DB reads, app CPU, cache misses, DB writes) against what broke the stage in the results.
import type { RunResult, StepResult } from '../results/result-types.ts';
import type { TierRate } from '../../loadtests/workload/tiers.ts';
import { stepCauses, whatBroke, breakingStep, type Cause } from '../analysis/what-broke.ts';
import type { Verdict } from './claim-types.ts';
import { stepFor } from './tier-evidence.ts';

/** Causes a seed row can name (claims file: inputs.cause). */
export const NAMED_CAUSES = {
  'db-read': 'database reads: a database machine saturated, or the app saturated while reading the DB on most requests (SQLite is in-process)',
  'app-cpu': 'app CPU: an app machine saturated',
  'cache-miss': 'cache misses reaching the DB: rebuild-lock waits, Redis fallbacks, or DB reads per request rising at the break',
  'db-write': 'DB writes: SQLite writer lock (busy retries/timeouts) or a hot shard',
} as const;
export type NamedCause = keyof typeof NAMED_CAUSES;

export interface CauseOutcome {
  stated: string;
  measured: string;
  verdict: Verdict;
}

/** DB reads per client request of a step (older results: per redirect at the app). */
const dbReads = (s: StepResult) => s.figures?.dbReadsPerRequest ?? s.figures?.dbReadsPerRedirect;

/** Whether a cause found in the breaking step supports the named one. */
export function causeMatches(named: NamedCause, causes: readonly Cause[], step: StepResult, lower: readonly StepResult[]): boolean {
  const saturatedRole = (role: string) => causes.some((c) => c.kind === 'saturation' && step.processes.find((p) => p.name === c.component)?.role === role);
  // A database machine of its own (PostgreSQL, a DB role) saturated; writer locks are a write cause, not a read one.
  const dbSaturated = causes.some((c) => c.kind === 'saturation' && /sqlite|db|postgres/i.test(step.processes.find((p) => p.name === c.component)?.role ?? ''));
  switch (named) {
    case 'db-read':
      // SQLite is in-process at stage 1: its reads are the app's CPU, so an app saturated while reading the DB on most requests counts.
      return dbSaturated || (saturatedRole('app') && (dbReads(step) ?? 0) >= 0.5);
    case 'app-cpu':
      return saturatedRole('app');
    case 'cache-miss': {
      if (causes.some((c) => c.component === 'redis' && (c.kind === 'lock' || c.kind === 'unavailable'))) return true;
      const at = dbReads(step);
      const before = lower.map(dbReads).filter((v): v is number => v !== undefined);
      return at !== undefined && before.length > 0 && at >= 2 * Math.max(0.01, Math.min(...before));
    }
    case 'db-write':
      return causes.some((c) => c.component === 'sqlite' && (c.kind === 'lock' || c.kind === 'queue'));
  }
}

/** The newest run of a stage among the results. */
function newest(results: { result: RunResult }[], stage: number): RunResult | undefined {
  return results
    .map((r) => r.result)
    .filter((r) => r.stage === stage)
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt))
    .pop();
}

/** Part 2 of a "what breaks" row: the measured cause of the breaking stage at the row's tier (or at its own break) against the named cause. */
export function checkCause(results: { result: RunResult }[], tier: TierRate, breaksStage: number, named: NamedCause): CauseOutcome {
  const stated = `stage ${breaksStage} breaks by ${named} (${NAMED_CAUSES[named]})`;
  const run = newest(results, breaksStage);
  if (!run) return { stated, measured: `no result of stage ${breaksStage}`, verdict: 'not measured yet' };
  const atTier = stepFor(run, tier);
  const step = atTier && !atTier.slo.pass && !atTier.loadgenBound ? atTier : breakingStep(run);
  if (!step) return { stated, measured: `stage ${breaksStage} did not break in this run (no failing step)`, verdict: 'not measured yet' };
  const causes = stepCauses(step);
  const rateOf = (s: StepResult) => s.targetRate ?? s.achievedRate;
  const lower = run.steps.filter((s) => s.kind !== 'warmup' && s.slo.pass && rateOf(s) < rateOf(step));
  const found = causes.length ? causes.map((c) => c.text).join('; ') : (whatBroke(run)?.cause ?? 'no cause figure stood out');
  const elsewhere = step === atTier ? '' : atTier ? ` (it held ${tier.name})` : ` (no step at ${tier.name}: its own break)`;
  const measured = `stage ${breaksStage} broke at ${step.tier} (${Math.round(rateOf(step))} req/s)${elsewhere}: ${found}`;
  if (causes.length === 0) return { stated, measured, verdict: 'not measured yet' };
  return { stated, measured, verdict: causeMatches(named, causes, step, lower) ? 'holds' : 'contradicted by measurement' };
}
