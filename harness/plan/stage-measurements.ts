// What the results of one stage measured, as planning inputs: one box's capacity within the SLO, CPU-ms per request per component, figures.
import type { RunResult, SloSpec, StepResult } from '../results/result-types.ts';
import { cpuByComponent } from '../compare/extract-samples.ts';
import { median } from '../stats/median-ci.ts';
import { CONFIG_APP_PROCESS_KEYS, FIGURE_KEYS } from './plan-assumptions.ts';

export interface StageMeasurements {
  stage: number;
  runs: number;
  /** Median over runs of each run's capacity (knee, else the highest rate of a step within the SLO). */
  capacity: number | null;
  capacitySource: string;
  /** Median over runs of CPU-ms per request per component, at each run's highest step within the SLO. */
  costs: Map<string, number>;
  costSource: string;
  /** Per run: app processes and capacity (for the USL fit across process counts). */
  perRun: { appProcesses: number | null; capacity: number | null }[];
  /** Median of a figure over every step that has it. */
  figure(keys: readonly string[]): number | null;
  notes: string[];
}

export function withinSlo(step: StepResult, slo: SloSpec): boolean {
  return !step.aborted && !step.loadgenBound && step.latencyUs.p99 <= slo.p99Ms * 1000 && step.errorRate <= slo.errorRate;
}

const measuredSteps = (r: RunResult) => r.steps.filter((s) => s.kind !== 'warmup' && !s.aborted);

function runCapacity(r: RunResult, slo: SloSpec): { rate: number | null; source: 'knee' | 'steps' | 'none' } {
  if (r.knee && r.knee.slo && r.knee.slo.p99Ms <= slo.p99Ms && r.knee.slo.errorRate <= slo.errorRate) return { rate: r.knee.rate, source: 'knee' };
  const passing = measuredSteps(r).filter((s) => withinSlo(s, slo));
  if (passing.length === 0) return { rate: null, source: 'none' };
  return { rate: Math.max(...passing.map((s) => s.achievedRate)), source: 'steps' };
}

function costStep(r: RunResult, slo: SloSpec): { step: StepResult; withinSlo: boolean } | null {
  const withCost = measuredSteps(r).filter((s) => !s.loadgenBound && s.requests.completed > 0 && (s.processes ?? []).length > 0);
  const passing = withCost.filter((s) => withinSlo(s, slo));
  const pool = passing.length > 0 ? passing : withCost;
  if (pool.length === 0) return null;
  const step = pool.reduce((a, b) => (b.achievedRate > a.achievedRate ? b : a));
  return { step, withinSlo: passing.length > 0 };
}

function firstFigure(step: StepResult, keys: readonly string[]): number | null {
  for (const k of keys) {
    const v = step.figures?.[k];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  return null;
}

function appProcessCount(r: RunResult, step: StepResult | null): number | null {
  const fromFigure = step ? firstFigure(step, FIGURE_KEYS.appProcesses) : null;
  if (fromFigure !== null) return fromFigure;
  for (const k of CONFIG_APP_PROCESS_KEYS) {
    const v = r.config?.[k];
    if (typeof v === 'number' && v > 0) return v;
  }
  const apps = step?.processes.filter((p) => p.role === 'app').length ?? 0;
  return apps > 0 ? apps : null;
}

/** Repeats of one configuration → their median; several configurations → the best one's median, named. */
function stageCapacity(runs: readonly RunResult[], caps: { rate: number | null; source: string }[]): { value: number | null; source: string } {
  const byConfig = new Map<string, { rates: number[]; knee: number; total: number }>();
  runs.forEach((r, i) => {
    const g = byConfig.get(r.configHash) ?? { rates: [], knee: 0, total: 0 };
    g.total++;
    if (caps[i].rate !== null) g.rates.push(caps[i].rate!);
    if (caps[i].source === 'knee') g.knee++;
    byConfig.set(r.configHash, g);
  });
  const scored = [...byConfig].filter(([, g]) => g.rates.length > 0).map(([hash, g]) => ({ hash, g, value: median(g.rates) }));
  if (scored.length === 0) return { value: null, source: 'no step met the SLO' };
  const best = scored.reduce((a, b) => (b.value > a.value ? b : a));
  const n = best.g.rates.length;
  const how =
    best.g.knee === best.g.total
      ? `knee (SLO search)`
      : best.g.knee > 0
        ? `knee where searched, else highest step within the SLO`
        : `highest step within the SLO (a lower bound: no knee search)`;
  const which = byConfig.size > 1 ? `; best of ${byConfig.size} configurations (config ${best.hash.slice(0, 8)})` : '';
  return { value: best.value, source: `${how}, median of ${n} run${n === 1 ? '' : 's'}${which}` };
}

export function measureStage(stage: number, runs: readonly RunResult[], slo: SloSpec): StageMeasurements {
  const notes: string[] = [];
  const caps = runs.map((r) => runCapacity(r, slo));
  const capacity = stageCapacity(runs, caps);
  if (runs.some((r) => r.knee && (r.knee.slo.p99Ms > slo.p99Ms || r.knee.slo.errorRate > slo.errorRate))) {
    notes.push(`a knee was searched with a looser SLO than this plan's; its steps were used instead`);
  }

  const costSteps = runs.map((r) => costStep(r, slo));
  const perComponent = new Map<string, number[]>();
  for (const c of costSteps) {
    if (!c) continue;
    for (const [component, ms] of cpuByComponent(c.step)) {
      if (!perComponent.has(component)) perComponent.set(component, []);
      perComponent.get(component)!.push(ms);
    }
  }
  const costs = new Map([...perComponent].map(([k, v]) => [k, median(v)] as const));
  const used = costSteps.filter((c) => c !== null);
  const costSource =
    used.length === 0
      ? 'no step with per-process CPU'
      : `CPU-ms per request at each run's highest step ${used.every((c) => c!.withinSlo) ? 'within the SLO' : '(some beyond the SLO)'}: ` +
        used.map((c) => `${c!.step.tier} @ ${Math.round(c!.step.achievedRate)} req/s`).join(', ');
  if (used.some((c) => !c!.withinSlo)) notes.push('some runs had no step within the SLO: their CPU cost is taken beyond it');

  const perRun = runs.map((r, i) => ({ appProcesses: appProcessCount(r, costSteps[i]?.step ?? null), capacity: caps[i].rate }));
  const figure = (keys: readonly string[]) => {
    const vals = runs.flatMap((r) => measuredSteps(r).map((s) => firstFigure(s, keys))).filter((v): v is number => v !== null);
    return vals.length > 0 ? median(vals) : null;
  };
  return {
    stage,
    runs: runs.length,
    capacity: capacity.value,
    capacitySource: capacity.source,
    costs,
    costSource,
    perRun,
    figure,
    notes,
  };
}
