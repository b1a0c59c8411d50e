// Collects per-run values of every metric, grouped by stage × tier × step kind (warm-up and knee-search steps left out).
import type { RunResult, StepResult } from '../results/result-types.ts';
import { ERROR_RATE_METRIC, KNEE_METRIC, LATENCY_METRICS, RATE_METRIC, cpuMetric, type MetricDef } from './metric-defs.ts';

export interface MetricSamples {
  def: MetricDef;
  /** One value per run that had the metric. */
  values: number[];
  /** Latency metrics: each run's corrected histogram (compressed base64). */
  histograms: string[];
  /** Error rate: each run's error count and request count. */
  errorCounts: { errors: number; n: number }[];
}

export interface GroupSamples {
  key: string;
  stage: number;
  tier: string;
  kind: string;
  connections?: number;
  loadgenBound: boolean;
  metrics: Map<string, MetricSamples>;
}

export interface CollectedSamples {
  groups: Map<string, GroupSamples>;
  notes: string[];
}

function groupKey(stage: number, step: StepResult, occurrence: number): string {
  let key = `stage${stage}/${step.tier}`;
  if (step.kind === 'probe') key += `/probe/c=${step.connections}`;
  if (occurrence > 1) key += `#${occurrence}`;
  return key;
}

/** Sum of CPU-ms per request per component: processes grouped by role (or name when a process has no role). */
export function cpuByComponent(step: StepResult): Map<string, number> {
  const out = new Map<string, number>();
  for (const p of step.processes ?? []) {
    const component = p.role || p.name;
    if (!Number.isFinite(p.cpuMsPerRequest)) continue;
    out.set(component, (out.get(component) ?? 0) + p.cpuMsPerRequest);
  }
  return out;
}

function push(group: GroupSamples, def: MetricDef, value: number, extra?: { histogram?: string; errors?: { errors: number; n: number } }): void {
  if (!Number.isFinite(value)) return;
  let m = group.metrics.get(def.metric);
  if (!m) {
    m = { def, values: [], histograms: [], errorCounts: [] };
    group.metrics.set(def.metric, m);
  }
  m.values.push(value);
  if (extra?.histogram) m.histograms.push(extra.histogram);
  if (extra?.errors) m.errorCounts.push(extra.errors);
}

export function collectSamples(runs: readonly RunResult[]): CollectedSamples {
  const groups = new Map<string, GroupSamples>();
  const notes: string[] = [];
  const ensure = (key: string, init: Omit<GroupSamples, 'metrics' | 'loadgenBound' | 'key'>) => {
    let g = groups.get(key);
    if (!g) {
      g = { key, ...init, loadgenBound: false, metrics: new Map() };
      groups.set(key, g);
    }
    return g;
  };
  for (const run of runs) {
    const seen = new Map<string, number>();
    for (const step of run.steps) {
      if (step.kind === 'warmup' || step.kind === 'knee') continue;
      if (step.aborted) {
        notes.push(`stage ${run.stage} tier ${step.tier}: an aborted step (run ${run.startedAt}) was left out`);
        continue;
      }
      const base = groupKey(run.stage, step, 1);
      const occurrence = (seen.get(base) ?? 0) + 1;
      seen.set(base, occurrence);
      const key = groupKey(run.stage, step, occurrence);
      const g = ensure(key, { stage: run.stage, tier: step.tier, kind: step.kind, connections: step.kind === 'probe' ? step.connections : undefined });
      if (step.loadgenBound) g.loadgenBound = true;
      push(g, RATE_METRIC, step.achievedRate);
      for (const def of LATENCY_METRICS) push(g, def, step.latencyUs[def.metric as 'p50' | 'p90' | 'p99' | 'p999'], { histogram: step.histogram });
      const n = step.requests?.sent ?? 0;
      push(g, ERROR_RATE_METRIC, step.errorRate, { errors: { errors: Math.round(step.errorRate * n), n } });
      for (const [component, ms] of cpuByComponent(step)) push(g, cpuMetric(component), ms);
    }
    if (run.knee && Number.isFinite(run.knee.rate)) {
      const g = ensure(`stage${run.stage}/knee`, { stage: run.stage, tier: 'knee', kind: 'knee' });
      push(g, KNEE_METRIC, run.knee.rate);
    }
  }
  return { groups, notes };
}
