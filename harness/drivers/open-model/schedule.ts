// Deterministic constant-rate arrival schedule: request j of a step is due at j / rate; threads take every T-th slot.

/**
 * The arrivals one sender (thread `index` of `threads`) owns. The step's arrivals are evenly spaced (deterministic
 * spacing, not Poisson): global request j is due at j × 1000 / rate ms after the step start, for j < ceil(rate ×
 * durationS). Thread k sends j = k, k + T, k + 2T, … so the union over threads is exactly the one-thread schedule.
 */
export class ArrivalSchedule {
  /** Requests this sender owns. */
  readonly count: number;
  /** Requests of the whole step (all threads). */
  readonly total: number;
  private readonly intervalMs: number;

  constructor(
    readonly rate: number,
    readonly durationS: number,
    readonly threads = 1,
    readonly index = 0,
  ) {
    if (!(rate > 0) || !Number.isFinite(rate)) throw new RangeError(`schedule: rate must be a finite number > 0 (got ${rate})`);
    if (!(durationS > 0) || !Number.isFinite(durationS)) throw new RangeError(`schedule: durationS must be > 0 (got ${durationS})`);
    if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`schedule: threads must be an integer >= 1 (got ${threads})`);
    if (!Number.isInteger(index) || index < 0 || index >= threads) throw new RangeError(`schedule: index must be in 0..${threads - 1} (got ${index})`);
    this.total = Math.max(0, Math.ceil(rate * durationS - 1e-9));
    this.count = index < this.total ? Math.floor((this.total - 1 - index) / threads) + 1 : 0;
    this.intervalMs = 1000 / rate;
  }

  /** When this sender's i-th request is due, in ms after the step start. */
  offsetMs(i: number): number {
    return (i * this.threads + this.index) * this.intervalMs;
  }
}
