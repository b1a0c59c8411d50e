// How far a small machine is from a linear copy of a big one: CPU cost per request under the budget vs unconstrained (issue 10 item 2).

export interface Distortion {
  /** costBudgeted ÷ costUnconstrained; null when either cost is missing or not positive. */
  ratio: number | null;
  /** True when the ratio is within ±10 % of 1: the full-size equivalent (model rate ÷ scale) can be printed as is. */
  linear: boolean;
  /**
   * Factor for the full-size equivalent: a full-size machine pays the unconstrained cost, so it serves `ratio` times
   * the model's rate ÷ scale. 1 when not measured.
   */
  fullSizeFactor: number;
  /** One short phrase for tables, e.g. "1.88× costlier per request on the small machine: full-size figure is a lower bound". */
  label: string;
}

/** Both costs in the same unit (e.g. CPU-ms per request); pure. */
export function distortion(costUnconstrained: number, costBudgeted: number): Distortion {
  if (!(costUnconstrained > 0 && costBudgeted > 0 && Number.isFinite(costUnconstrained) && Number.isFinite(costBudgeted))) {
    return { ratio: null, linear: false, fullSizeFactor: 1, label: 'distortion not measured: full-size figure is model rate ÷ scale, unchecked' };
  }
  const ratio = costBudgeted / costUnconstrained;
  const r = ratio.toFixed(2);
  if (Math.abs(ratio - 1) <= 0.1) return { ratio, linear: true, fullSizeFactor: ratio, label: `about linear (${r}× the cost per request of a whole core)` };
  const label =
    ratio > 1
      ? `${r}× costlier per request on the small machine: full-size figure is a lower bound`
      : `${r}× the cost per request of a whole core (cheaper when small): full-size figure may be high`;
  return { ratio, linear: false, fullSizeFactor: ratio, label };
}
