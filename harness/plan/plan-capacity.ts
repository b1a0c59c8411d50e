// planCapacity: from a target and measured results, per stage what it takes to hold the target, every assumption written next to its number.
import { UserError } from '../errors/user-error.ts';
import type { RunResult, SloSpec } from '../results/result-types.ts';
import type { TierAssumptions } from '../../loadtests/workload/tiers.ts';
import { DEFAULT_PLAN_ASSUMPTIONS } from './plan-assumptions.ts';
import { resolveTarget } from './plan-target.ts';
import type { Plan, PlanAssumption, PlanAssumptions } from './plan-types.ts';
import { measureStage } from './stage-measurements.ts';
import { planStage } from './stage-plan.ts';

export const DEFAULT_PLAN_SLO: SloSpec = { p99Ms: 100, errorRate: 0.001 };

export interface PlanCapacityOptions {
  /** Target users (turned into a peak rate by the tier assumptions) … */
  users?: number;
  /** … or the peak rate (req/s) directly. */
  rate?: number;
  /** Peak ÷ average (default: the tier file's). */
  peakFactor?: number;
  /** SLO a step must meet to count as held (default p99 < 100 ms, errors < 0.1 %). */
  slo?: SloSpec;
  /** Measured results, any stages, repeats allowed. */
  results: readonly RunResult[];
  /** The tier file's assumptions (users → rates). */
  tierAssumptions: TierAssumptions;
  assumptions?: Partial<PlanAssumptions>;
}

export function planCapacity(opts: PlanCapacityOptions): Plan {
  const slo = opts.slo ?? DEFAULT_PLAN_SLO;
  const a: PlanAssumptions = { ...DEFAULT_PLAN_ASSUMPTIONS, ...opts.assumptions };
  for (const [k, v] of Object.entries(a)) {
    if (!(typeof v === 'number' && v > 0)) throw new UserError(`plan assumption ${k} must be a number > 0, got ${v}; fix the value`);
  }
  if (a.usableUtilizationPerCore > 1) throw new UserError(`usableUtilizationPerCore must be at most 1 (one full core), got ${a.usableUtilizationPerCore}`);
  const target = resolveTarget({ users: opts.users, rate: opts.rate, peakFactor: opts.peakFactor }, opts.tierAssumptions);
  const byStage = new Map<number, RunResult[]>();
  for (const r of opts.results) {
    if (!byStage.has(r.stage)) byStage.set(r.stage, []);
    byStage.get(r.stage)!.push(r);
  }
  const stagesSorted = [...byStage.keys()].sort((x, y) => x - y);
  const measurements = stagesSorted.map((s) => measureStage(s, byStage.get(s)!, slo));
  const ctx = { target, assumptions: a, all: measurements };
  const stages = measurements.map((m) => planStage(m, byStage.get(m.stage)!, ctx));

  const warnings: string[] = [];
  if (opts.results.length === 0) warnings.push('no measured results: nothing to plan from');
  const machines = new Set(opts.results.map((r) => `${r.env?.cpuModel} × ${r.env?.cores}`));
  if (machines.size > 1) warnings.push(`results come from different machines (${[...machines].join('; ')}): per-request costs are not directly comparable`);
  if (opts.results.some((r) => r.dirty)) warnings.push('some results were measured on a dirty working tree');

  const assumptions: PlanAssumption[] = [
    ...target.assumptions,
    { name: 'SLO p99', value: slo.p99Ms, unit: 'ms', source: opts.slo ? 'input' : 'assumed' },
    { name: 'SLO error rate', value: slo.errorRate, source: opts.slo ? 'input' : 'assumed' },
    { name: 'usable utilization per core', value: a.usableUtilizationPerCore, source: opts.assumptions?.usableUtilizationPerCore ? 'input' : 'assumed' },
    { name: 'hot fraction of links', value: a.hotFraction, source: opts.assumptions?.hotFraction ? 'input' : 'assumed' },
    { name: 'links kept', value: a.retentionDays, unit: 'days', source: opts.assumptions?.retentionDays ? 'input' : 'assumed' },
    { name: 'bytes per mapping (when not measured)', value: a.bytesPerMapping, unit: 'B', source: opts.assumptions?.bytesPerMapping ? 'input' : 'assumed', note: 'seed figure' },
    { name: 'writes/s per shard (when not measured)', value: a.shardWriteCeiling, unit: 'writes/s', source: opts.assumptions?.shardWriteCeiling ? 'input' : 'assumed' },
  ];
  return { target, slo, assumptions, settings: a, stages, warnings };
}
