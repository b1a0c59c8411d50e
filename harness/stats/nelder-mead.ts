// Nelder–Mead downhill simplex: a derivative-free minimizer for small smooth problems (the USL fit's two shape parameters).

export interface NelderMeadOptions {
  /** Initial step per coordinate (default: 10 % of |x0| or 1e-3 when x0 is 0). */
  steps?: number[];
  /** Stop when the simplex's function values differ by less than this (relative; default 1e-14). */
  tolerance?: number;
  /** Iteration bound (default 2000 × dimension). */
  maxIterations?: number;
}

export interface NelderMeadResult {
  x: number[];
  fx: number;
  iterations: number;
}

export function nelderMead(f: (x: number[]) => number, x0: readonly number[], opts: NelderMeadOptions = {}): NelderMeadResult {
  const dim = x0.length;
  const { tolerance = 1e-14, maxIterations = 2000 * dim } = opts;
  const steps = opts.steps ?? x0.map((v) => (v !== 0 ? Math.abs(v) * 0.1 : 1e-3));
  let simplex: { x: number[]; fx: number }[] = [{ x: [...x0], fx: f([...x0]) }];
  for (let i = 0; i < dim; i++) {
    const x = [...x0];
    x[i] += steps[i];
    simplex.push({ x, fx: f(x) });
  }
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    simplex.sort((a, b) => a.fx - b.fx);
    const best = simplex[0];
    const worst = simplex[dim];
    if (Math.abs(worst.fx - best.fx) <= tolerance * (Math.abs(best.fx) + 1e-300)) break;
    const centroid = new Array<number>(dim).fill(0);
    for (let i = 0; i < dim; i++) for (let j = 0; j < dim; j++) centroid[j] += simplex[i].x[j] / dim;
    const along = (t: number) => centroid.map((c, j) => c + t * (worst.x[j] - c));
    const reflected = along(-1);
    const fr = f(reflected);
    if (fr < best.fx) {
      const expanded = along(-2);
      const fe = f(expanded);
      simplex[dim] = fe < fr ? { x: expanded, fx: fe } : { x: reflected, fx: fr };
    } else if (fr < simplex[dim - 1].fx) {
      simplex[dim] = { x: reflected, fx: fr };
    } else {
      const contracted = fr < worst.fx ? along(-0.5) : along(0.5);
      const fc = f(contracted);
      if (fc < Math.min(fr, worst.fx)) {
        simplex[dim] = { x: contracted, fx: fc };
      } else {
        simplex = simplex.map((p, i) => {
          if (i === 0) return p;
          const x = p.x.map((v, j) => best.x[j] + 0.5 * (v - best.x[j]));
          return { x, fx: f(x) };
        });
      }
    }
  }
  simplex.sort((a, b) => a.fx - b.fx);
  return { x: simplex[0].x, fx: simplex[0].fx, iterations };
}
