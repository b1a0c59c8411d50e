// Holm's step-down adjustment: controls the family-wise error over the metrics of one comparison (any order of p-values).

/**
 * Holm-adjusted p-values, in the input order: p_(i)·(m − i + 1) running-maxed over the sorted order, capped at 1.
 * `m` may exceed the p-values given (other members of the family tested without a p-value): more conservative.
 */
export function holmAdjust(pValues: readonly number[], m = pValues.length): number[] {
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p);
  const out = new Array<number>(m);
  let running = 0;
  order.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, p * (m - rank)));
    out[i] = running;
  });
  return out;
}

/** Smallest two-sided p an exact Mann–Whitney test can give with n and m runs: 2 / C(n+m, n). */
export function mannWhitneyFloor(n: number, m: number): number {
  let c = 1;
  for (let k = 1; k <= n; k++) c = (c * (m + k)) / k;
  return Math.min(1, 2 / c);
}

/** Fewest runs a side whose Mann–Whitney floor lets Holm reject the smallest of `family` p-values at alpha. */
export function runsNeededForHolm(family: number, alpha: number): number {
  let k = 2;
  while (mannWhitneyFloor(k, k) >= alpha / family && k < 100) k++;
  return k;
}
