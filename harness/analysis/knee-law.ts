// The bottleneck law: predicted knee = min over components of (budget − idle) ÷ marginal CPU per client request, naming the component.
import type { ProcessCost, StepResult } from '../results/result-types.ts';
import { parseCpuList } from '../measure/cpu-placement.ts';
import { costSteps, marginalCostByProcess, type MarginalCost } from './marginal-cost.ts';
import { processAllowance } from './saturation.ts';

export interface ComponentLimit {
  /** A machine (process name), or a CPU set shared by processes without budgets. */
  component: string;
  role: string;
  budgetCores: number;
  /** Where the budget comes from: a machine budget, a recorded allowance, a CPU-set size, or one core assumed. */
  budgetFrom: string;
  cpuMsPerRequest: number;
  idleCores: number;
  /** The cost is one step's average with idle included (fewer than 2 unsaturated rates): the limit is then a lower bound. */
  averageCost?: boolean;
  /** Client req/s at which this component uses its whole budget. */
  rate: number;
}

export interface KneePrediction {
  /** Predicted knee (model req/s under the scale model). */
  rate: number;
  component: string;
  role: string;
  /** The limiting cost included idle work (one step's average): the real knee is likely higher. */
  lowerBound: boolean;
  /** The arithmetic, e.g. "(0.1 − 0.004) cores ÷ 0.21 CPU-ms/req = 457 req/s". */
  formula: string;
  /** Every component's limit, lowest first. */
  limits: ComponentLimit[];
}

/** One component's limit: (budget − idle) ÷ (CPU-ms per request ÷ 1000); Infinity when it costs nothing per request. */
export function componentLimit(budgetCores: number, cpuMsPerRequest: number, idleCores = 0): number {
  if (!(cpuMsPerRequest > 0)) return Infinity;
  return Math.max(0, budgetCores - Math.max(0, idleCores)) / (cpuMsPerRequest / 1000);
}

/** The component with the lowest limit; undefined when no component has a per-request cost. */
export function lawKnee(limits: readonly ComponentLimit[]): KneePrediction | undefined {
  const finite = limits.filter((l) => Number.isFinite(l.rate)).sort((a, b) => a.rate - b.rate);
  const low = finite[0];
  if (!low) return undefined;
  const idle = low.idleCores > 0 ? ` − ${low.idleCores.toFixed(3)} idle` : '';
  return {
    rate: low.rate,
    component: low.component,
    role: low.role,
    lowerBound: low.averageCost === true,
    formula: `(${low.budgetCores}${idle}) cores ÷ ${low.cpuMsPerRequest.toFixed(3)} CPU-ms/req = ${Math.round(low.rate).toLocaleString('en-US')} req/s${low.averageCost ? ' (a lower bound: that cost is an average with idle work in it)' : ''}`,
    limits: finite,
  };
}

/** The latest record of each process in the steps (its budget, CPU set). */
function lastRecords(steps: readonly StepResult[]): Map<string, ProcessCost> {
  const m = new Map<string, ProcessCost>();
  for (const s of steps) for (const p of s.processes) m.set(p.name, p);
  return m;
}

/**
 * Predicts the knee of a run from its own steps: each machine's marginal cost per client request against its budget;
 * processes without a budget that share a CPU set are also judged together against that set.
 */
export function predictKnee(steps: readonly StepResult[], costs: readonly MarginalCost[] = marginalCostByProcess(steps)): KneePrediction | undefined {
  const records = lastRecords(costSteps(steps));
  const limits: ComponentLimit[] = [];
  const shared = new Map<string, { names: string[]; ms: number; idle: number; avg: boolean }>();
  for (const c of costs) {
    const p = records.get(c.component);
    if (!p) continue;
    const a = processAllowance(p);
    const idle = c.idleCores ?? 0;
    limits.push({ component: c.component, role: c.role, budgetCores: a.cores, budgetFrom: a.from, cpuMsPerRequest: c.cpuMsPerRequest, idleCores: Math.max(0, idle), ...(c.method === 'ratio' ? { averageCost: true } : {}), rate: componentLimit(a.cores, c.cpuMsPerRequest, idle) });
    if (p.budgetCores === undefined && p.cpus) {
      const g = shared.get(p.cpus) ?? { names: [], ms: 0, idle: 0, avg: false };
      g.avg ||= c.method === 'ratio';
      g.names.push(c.component);
      g.ms += c.cpuMsPerRequest;
      g.idle += Math.max(0, idle);
      shared.set(p.cpus, g);
    }
  }
  for (const [cpus, g] of shared) {
    if (g.names.length < 2) continue;
    const n = parseCpuList(cpus).length;
    limits.push({ component: `CPU set ${cpus} (${g.names.join(', ')})`, role: 'cpu-set', budgetCores: n, budgetFrom: 'cpu set', cpuMsPerRequest: g.ms, idleCores: g.idle, ...(g.avg ? { averageCost: true } : {}), rate: componentLimit(n, g.ms, g.idle) });
  }
  return lawKnee(limits);
}

/** How far the measured knee is from the prediction; beyond 25 % it is a finding to attribute. */
export const KNEE_GAP = 0.25;

export function kneeGap(measured: number, predicted: number): { ratio: number; off: number; finding: boolean } {
  const ratio = predicted > 0 ? measured / predicted : Infinity;
  const off = ratio - 1;
  return { ratio, off, finding: !(Math.abs(off) <= KNEE_GAP) };
}
