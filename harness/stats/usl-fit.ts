// Universal Scalability Law fit X(N) = λN / (1 + σ(N−1) + κN(N−1)) by least squares, σ, κ ≥ 0 (λ solved in closed form per σ, κ).
import { nelderMead } from './nelder-mead.ts';

export interface UslPoint {
  /** Concurrency: connections of a closed-model probe, or app processes. */
  n: number;
  /** Throughput at that concurrency (req/s). */
  x: number;
}

export interface UslFit {
  ok: true;
  /** Throughput of one unit of concurrency without contention (req/s). */
  lambda: number;
  /** Contention (serial fraction). */
  sigma: number;
  /** Coherency (crosstalk) cost. */
  kappa: number;
  /** Concurrency of peak throughput, sqrt((1−σ)/κ); Infinity when κ = 0 (no retrograde region). */
  peakN: number;
  /** Throughput the law predicts at peakN (the asymptote λ/σ when κ = 0, Infinity when both are 0). */
  peakX: number;
  rSquared: number;
  points: number;
  distinctN: number;
}

export interface UslNoFit {
  ok: false;
  reason: string;
  points: number;
  distinctN: number;
}

export function uslThroughput(n: number, p: { lambda: number; sigma: number; kappa: number }): number {
  return (p.lambda * n) / (1 + p.sigma * (n - 1) + p.kappa * n * (n - 1));
}

/** Needs at least 3 distinct concurrencies: with fewer, three parameters are not determined and no fit is invented. */
export function fitUsl(points: readonly UslPoint[]): UslFit | UslNoFit {
  const pts = points.filter((p) => Number.isFinite(p.n) && Number.isFinite(p.x) && p.n >= 1 && p.x >= 0);
  const distinctN = new Set(pts.map((p) => p.n)).size;
  if (distinctN < 3) {
    return {
      ok: false,
      reason: `USL fit not possible: needs throughput at ≥ 3 distinct concurrencies, got ${distinctN} (${pts.length} points)`,
      points: pts.length,
      distinctN,
    };
  }
  const ns = pts.map((p) => p.n);
  const xs = pts.map((p) => p.x);
  // For fixed shape (σ, κ) the model is linear in λ: λ* = Σ x·g / Σ g², g = N / (1 + σ(N−1) + κN(N−1)).
  const profile = (sigma: number, kappa: number) => {
    const g = ns.map((n) => n / (1 + sigma * (n - 1) + kappa * n * (n - 1)));
    let xg = 0;
    let gg = 0;
    for (let i = 0; i < g.length; i++) {
      xg += xs[i] * g[i];
      gg += g[i] * g[i];
    }
    const lambda = gg > 0 ? xg / gg : 0;
    let sse = 0;
    for (let i = 0; i < g.length; i++) sse += (xs[i] - lambda * g[i]) ** 2;
    return { lambda, sse };
  };
  // Coarse grid (κ on a log scale, plus 0) to start in the right basin, then Nelder–Mead on (σ, κ) folded to ≥ 0.
  const sigmas = [0, 0.001, 0.003, 0.01, 0.03, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 1];
  const kappas = [0, 1e-7, 1e-6, 1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1];
  let start = { sigma: 0, kappa: 0, sse: Infinity };
  for (const sigma of sigmas) {
    for (const kappa of kappas) {
      const { sse } = profile(sigma, kappa);
      if (sse < start.sse) start = { sigma, kappa, sse };
    }
  }
  // Scale κ so both coordinates move on comparable steps.
  const kScale = Math.max(start.kappa, 1e-6);
  const objective = (v: number[]) => profile(Math.abs(v[0]), Math.abs(v[1]) * kScale).sse;
  let best = nelderMead(objective, [start.sigma, start.kappa / kScale], {
    steps: [Math.max(start.sigma * 0.2, 0.005), Math.max((start.kappa / kScale) * 0.2, 0.05)],
  });
  // Restart once from the optimum: Nelder–Mead can stall on a collapsed simplex.
  best = nelderMead(objective, best.x, { steps: [Math.max(Math.abs(best.x[0]) * 0.05, 1e-4), Math.max(Math.abs(best.x[1]) * 0.05, 1e-3)] });
  // Values this small are the optimizer's rounding on a boundary, not a measured cost.
  const snap = (v: number) => (v < 1e-12 ? 0 : v);
  const sigma = snap(Math.abs(best.x[0]));
  const kappa = snap(Math.abs(best.x[1]) * kScale);
  const { lambda, sse } = profile(sigma, kappa);
  const mean = xs.reduce((s, v) => s + v, 0) / xs.length;
  const sst = xs.reduce((s, v) => s + (v - mean) ** 2, 0);
  const rSquared = sst > 0 ? 1 - sse / sst : sse === 0 ? 1 : 0;
  const peakN = kappa > 0 && sigma < 1 ? Math.sqrt((1 - sigma) / kappa) : Infinity;
  const peakX = Number.isFinite(peakN) ? uslThroughput(peakN, { lambda, sigma, kappa }) : sigma > 0 ? lambda / sigma : Infinity;
  return { ok: true, lambda, sigma, kappa, peakN, peakX, rSquared, points: pts.length, distinctN };
}
