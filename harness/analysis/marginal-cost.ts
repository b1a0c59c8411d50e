// Cost per request as the MARGINAL cost: the least-squares slope of CPU rate against client throughput over unsaturated steps, idle baseline apart.
import type { RunResult, StepResult } from '../results/result-types.ts';
import { anySaturated } from './saturation.ts';

export interface MarginalCost {
  /** Process name, or role when grouped by role. */
  component: string;
  role: string;
  /** CPU-ms per client request: the slope of CPU rate (cores) against achieved rate (req/s), × 1000. */
  cpuMsPerRequest: number;
  /** Idle baseline: CPU the component burns at zero load (the intercept), in cores; null when not fitted. */
  idleCores: number | null;
  /** 'fit': least squares over ≥ 2 distinct rates; 'ratio': one step's CPU-ms per request (average cost, idle included). */
  method: 'fit' | 'ratio';
  /** How it was obtained, for labels, e.g. "slope over 3 unsaturated steps (50–500 req/s)". */
  basis: string;
  points: number;
  /** Coefficient of determination of the fit (fit only). */
  rSquared?: number;
}

/** Steps that can carry a cost: measured load (no warm-up, not aborted, not generator-bound) with completed requests. */
export function costSteps(steps: readonly StepResult[]): StepResult[] {
  return steps.filter((s) => s.kind !== 'warmup' && !s.aborted && !s.loadgenBound && s.achievedRate > 0 && s.durationS > 0 && s.requests.completed > 0);
}

/** Of those, the ones where no target process was saturated against its own allowance. */
export function unsaturatedSteps(steps: readonly StepResult[]): StepResult[] {
  return costSteps(steps).filter((s) => !anySaturated(s.processes));
}

export interface Point {
  /** Client-facing throughput, req/s (completed requests per second of the CPU account). */
  x: number;
  /** CPU rate, cores (CPU-seconds per second). */
  y: number;
}

/** Ordinary least squares y = a + b·x; null with fewer than 2 distinct x. */
export function leastSquares(points: readonly Point[]): { slope: number; intercept: number; rSquared: number } | null {
  const n = points.length;
  if (new Set(points.map((p) => p.x)).size < 2) return null;
  const mx = points.reduce((a, p) => a + p.x, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (const p of points) {
    sxx += (p.x - mx) ** 2;
    sxy += (p.x - mx) * (p.y - my);
    syy += (p.y - my) ** 2;
  }
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  const sse = points.reduce((a, p) => a + (p.y - intercept - slope * p.x) ** 2, 0);
  return { slope, intercept, rSquared: syy > 0 ? 1 - sse / syy : 1 };
}

const rateText = (v: number) => (v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(1));

/**
 * Wall seconds of a step's CPU account: the sampler runs from the step's start through its drain, so CPU and completed
 * requests are both taken per second of that window (utilization = cpuSeconds ÷ wall); the step's duration otherwise.
 */
export function accountSeconds(s: StepResult): number {
  const walls = s.processes.filter((p) => p.utilization >= 0.001 && p.cpuSeconds > 0).map((p) => p.cpuSeconds / p.utilization);
  if (walls.length === 0) return s.durationS;
  walls.sort((a, b) => a - b);
  return walls[Math.floor(walls.length / 2)];
}

function costFrom(component: string, role: string, all: readonly StepResult[], unsat: readonly StepResult[], cpuOf: (s: StepResult) => number | undefined): MarginalCost | undefined {
  const pts = (steps: readonly StepResult[]) =>
    steps.flatMap((s) => {
      const cpu = cpuOf(s);
      const wall = accountSeconds(s);
      return cpu === undefined ? [] : [{ x: s.requests.completed / wall, y: cpu / wall, step: s }];
    });
  const free = pts(unsat);
  const fit = leastSquares(free);
  if (fit) {
    const xs = free.map((p) => p.x);
    return {
      component,
      role,
      cpuMsPerRequest: Math.max(0, fit.slope * 1000),
      idleCores: fit.intercept,
      method: 'fit',
      basis: `slope over ${free.length} unsaturated steps (${rateText(Math.min(...xs))}–${rateText(Math.max(...xs))} req/s)`,
      points: free.length,
      rSquared: fit.rSquared,
    };
  }
  // Fewer than 2 distinct unsaturated rates: the highest unsaturated step's average cost, labelled (idle included).
  const pool = free.length > 0 ? free : pts(all);
  if (pool.length === 0) return undefined;
  const top = pool.reduce((a, b) => (b.x > a.x ? b : a));
  return {
    component,
    role,
    cpuMsPerRequest: (top.y / top.x) * 1000,
    idleCores: null,
    method: 'ratio',
    basis: `average at ${free.length > 0 ? 'the highest unsaturated step' : 'the highest step (all saturated)'} ${top.step.tier} @ ${rateText(top.x)} req/s (idle included: fewer than 2 unsaturated rates)`,
    points: 1,
  };
}

/** Marginal cost of each process (by name) over the steps of a run (or of several runs of one configuration). */
export function marginalCostByProcess(steps: readonly StepResult[]): MarginalCost[] {
  const all = costSteps(steps);
  const unsat = unsaturatedSteps(steps);
  const names = new Map<string, string>();
  for (const s of all) for (const p of s.processes) if (!names.has(p.name)) names.set(p.name, p.role);
  return [...names].flatMap(([name, role]) => costFrom(name, role, all, unsat, (s) => s.processes.find((p) => p.name === name)?.cpuSeconds) ?? []);
}

/** Marginal cost of each role (its processes' CPU summed per step), per client request. */
export function marginalCostByRole(steps: readonly StepResult[]): MarginalCost[] {
  const all = costSteps(steps);
  const unsat = unsaturatedSteps(steps);
  const roles = [...new Set(all.flatMap((s) => s.processes.map((p) => p.role)))];
  return roles.flatMap(
    (role) =>
      costFrom(role, role, all, unsat, (s) => {
        const ps = s.processes.filter((p) => p.role === role);
        return ps.length ? ps.reduce((a, p) => a + p.cpuSeconds, 0) : undefined;
      }) ?? [],
  );
}

/** Both views of one run. */
export function runMarginalCosts(r: RunResult): { byProcess: MarginalCost[]; byRole: MarginalCost[] } {
  return { byProcess: marginalCostByProcess(r.steps), byRole: marginalCostByRole(r.steps) };
}

/** "0.112 CPU-ms/req (+ idle 0.004 cores)" or "0.443 CPU-ms/req (average: …)". */
export function formatMarginalCost(c: MarginalCost): string {
  const v = c.cpuMsPerRequest.toFixed(3);
  if (c.method === 'ratio') return `${v}*`;
  return c.idleCores !== null && c.idleCores > 0.0005 ? `${v} +${c.idleCores.toFixed(3)}c idle` : v;
}
