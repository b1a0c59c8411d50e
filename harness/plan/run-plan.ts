// Entry for `scaleladder plan`: load the results (default: results/latest-stage-*.json), plan, render; the CLI prints output.
import { UserError } from '../errors/user-error.ts';
import { readResults } from '../results/read-result.ts';
import type { SloSpec } from '../results/result-types.ts';
import { loadTierFile } from '../../loadtests/workload/tier-file.ts';
import { latestResultFiles, DEFAULT_RESULTS_DIR } from './default-results.ts';
import { planCapacity } from './plan-capacity.ts';
import type { Plan, PlanAssumptions } from './plan-types.ts';
import { renderPlanMarkdown } from './render-plan-markdown.ts';
import { renderPlanTable } from './render-plan-table.ts';

export interface RunPlanOptions {
  /** Target users (e.g. 1_000_000); or give `rate`. */
  users?: number;
  /** Peak arrival rate in req/s (reads + writes). */
  rate?: number;
  /** Peak ÷ average (default: the tier file's, 10). */
  peakFactor?: number;
  /** Result files or folders (default: results/latest-stage-*.json that exist). */
  from?: string[];
  /** Output format (default 'table'). */
  format?: 'table' | 'markdown';
  /** SLO a step must meet (default p99 < 100 ms, errors < 0.1 %). */
  slo?: SloSpec;
  /** Tier file (default loadtests/tiers.json). */
  tiersPath?: string;
  /** Folder searched for latest-stage-*.json when `from` is empty (default "results"). */
  resultsDir?: string;
  assumptions?: Partial<PlanAssumptions>;
}

export function runPlan(opts: RunPlanOptions): { output: string; plan: Plan } {
  const format = opts.format ?? 'table';
  if (format !== 'table' && format !== 'markdown') throw new UserError(`--format ${format} is not known for plan; use table or markdown`);
  const resultsDir = opts.resultsDir ?? DEFAULT_RESULTS_DIR;
  const paths = opts.from && opts.from.length > 0 ? opts.from : latestResultFiles(resultsDir);
  if (paths.length === 0) {
    throw new UserError(`no results to plan from: ${resultsDir}/latest-stage-*.json not found; run make bench-stage-1 first or pass --from FILE`);
  }
  const results = paths.flatMap((p) => readResults(p));
  let tierAssumptions;
  try {
    tierAssumptions = loadTierFile(opts.tiersPath).assumptions;
  } catch (e) {
    throw new UserError(`${(e as Error).message}; fix the tiers file or pass another`);
  }
  const plan = planCapacity({
    users: opts.users,
    rate: opts.rate,
    peakFactor: opts.peakFactor,
    slo: opts.slo,
    results,
    tierAssumptions,
    assumptions: opts.assumptions,
  });
  return { output: format === 'markdown' ? renderPlanMarkdown(plan) : renderPlanTable(plan), plan };
}
