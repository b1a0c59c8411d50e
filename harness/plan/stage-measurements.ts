// What the results of one stage measured, as planning inputs: one box's capacity within the SLO, CPU-ms per request per component, figures.
import type { RunResult, SloSpec, StepFigureName, StepResult } from '../results/result-types.ts';
import { marginalCostByRole, type MarginalCost } from '../analysis/marginal-cost.ts';
import { median } from '../stats/median-ci.ts';

export interface StageMeasurements {
  stage: number;
  runs: number;
  /** Median over runs of each run's capacity (knee, else the highest rate of a step within the SLO). */
  capacity: number | null;
  capacitySource: string;
  /** Median over runs of the marginal CPU-ms per client request per component (role): slope over unsaturated steps. */
  costs: Map<string, number>;
  costSource: string;
  /** Per run: app processes and capacity (for the USL fit across process counts). */
  perRun: { appProcesses: number | null; capacity: number | null }[];
  /** Median of a figure over every step that has it. */
  figure(keys: readonly StepFigureName[]): number | null;
  notes: string[];
}

export function withinSlo(step: StepResult, slo: SloSpec): boolean {
  return !step.aborted && !step.loadgenBound && step.latencyUs.p99 <= slo.p99Ms * 1000 && step.errorRate <= slo.errorRate;
}

const measuredSteps = (r: RunResult) => r.steps.filter((s) => s.kind !== 'warmup' && !s.aborted);

/** The run's model size (e.g. 0.1) under the scale model, else 1: its rates ÷ this = full-size equivalent. */
export function runScale(r: RunResult): number {
  const s = r.scaleModel?.scale;
  return s !== undefined && s > 0 ? s : 1;
}

/** Full-size capacity: the knee (else the highest step within the SLO) ÷ the run's scale. */
function runCapacity(r: RunResult, slo: SloSpec): { rate: number | null; source: 'knee' | 'steps' | 'none' } {
  const scale = runScale(r);
  if (r.knee && r.knee.slo && r.knee.slo.p99Ms <= slo.p99Ms && r.knee.slo.errorRate <= slo.errorRate) return { rate: r.knee.rate / scale, source: 'knee' };
  const passing = measuredSteps(r).filter((s) => withinSlo(s, slo));
  if (passing.length === 0) return { rate: null, source: 'none' };
  return { rate: Math.max(...passing.map((s) => s.achievedRate)) / scale, source: 'steps' };
}

function firstFigure(step: StepResult, keys: readonly StepFigureName[]): number | null {
  for (const k of keys) {
    const v = step.figures?.[k];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  return null;
}

/** App processes of a run: config.topology.appProcesses (what bench writes for stages 2+), else the app processes its steps sampled. */
export function appProcessCount(r: RunResult): number | null {
  const v = r.config.topology?.appProcesses;
  if (v !== undefined && v > 0) return v;
  const counts = measuredSteps(r).map((s) => new Set(s.processes.filter((p) => p.role === 'app').map((p) => p.name)).size);
  const apps = counts.length ? Math.max(...counts) : 0;
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

  // Marginal cost per client request (slope over unsaturated steps), per role, median over runs: the idle baseline is not a per-request cost.
  const perRunCosts = runs.map((r) => marginalCostByRole(r.steps));
  const perComponent = new Map<string, number[]>();
  for (const costs of perRunCosts) {
    for (const c of costs) {
      if (!perComponent.has(c.role)) perComponent.set(c.role, []);
      perComponent.get(c.role)!.push(c.cpuMsPerRequest);
    }
  }
  const costs = new Map([...perComponent].map(([k, v]) => [k, median(v)] as const));
  const all: MarginalCost[] = perRunCosts.flat();
  const fitted = all.filter((c) => c.method === 'fit');
  const costSource =
    all.length === 0
      ? 'no step with per-process CPU'
      : `marginal CPU-ms per client request: ${fitted.length === all.length ? 'slope of CPU against throughput over unsaturated steps' : fitted.length === 0 ? 'average at the highest unsaturated step (fewer than 2 unsaturated rates: idle included)' : 'slope over unsaturated steps where there were 2+ rates, else the highest unsaturated step\'s average'}` +
        (runs.length > 1 ? `, median of ${runs.length} runs` : '') +
        (all.length ? ` (${[...new Set(all.map((c) => `${c.role}: ${c.basis}`))].slice(0, 3).join('; ')})` : '');
  if (all.some((c) => c.method === 'ratio')) notes.push('some costs are one step\'s average (idle included), not a marginal cost: run more tiers below the knee');
  const scaled = runs.filter((r) => runScale(r) !== 1);
  if (scaled.length > 0) {
    notes.push(
      `${scaled.length} run(s) used the scale model (scale ${[...new Set(scaled.map(runScale))].join(', ')}): capacities are model knees ÷ scale; per-request costs were measured on small machines, which cost more per request than full-size ones (an upper bound)`,
    );
  }

  const perRun = runs.map((r, i) => ({ appProcesses: appProcessCount(r), capacity: caps[i].rate }));
  const figure = (keys: readonly StepFigureName[]) => {
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
