// Tunables of the open-model driver, each with its default and the reason for it, merged once.

export interface OpenModelOptions {
  /**
   * A send handed to the HTTP client more than this many ms after its schedule counts in `lateSends` (default 1).
   * Below 1 ms the lag is timer and event-loop jitter of a healthy loop; above it the generator itself stalled.
   */
  lateThresholdMs: number;
  /**
   * Most requests in flight for the whole step (split evenly over threads); a scheduled request that finds the cap
   * reached is not sent and counts as an error of kind 'dropped' (default 10,000: bounds memory when the target
   * stalls, far above connections × any sane queue).
   */
  maxInFlight: number;
  /**
   * After the last scheduled send, how long requests still in flight may complete (default: the step's timeoutMs, so
   * every request either answers or times out, as k6's gracefulStop does; bounded by StepSpec.maxDrainMs). What is
   * left after it counts as 'unfinished' (its age a lower bound of its latency), never as 'timeout'.
   */
  drainMs: number | null;
  /** Scheduled sends still unsent this long after the step's nominal end are dropped, not sent (default 1,000 ms). */
  endGraceMs: number;
  /**
   * How the loop sleeps until the next send is due (default 'ticker'):
   * - 'ticker': with nothing in flight, the loop thread itself sleeps the last idleSleepWindowMs in Atomics.wait; with
   *   responses outstanding, a helper thread sleeps instead and wakes the loop: both ~0.1 ms late, ~25–150 µs of CPU;
   * - 'spin': a timer to ~1 ms before, then re-checking on every event-loop turn: µs-precise, but burns the whole core
   *   at any rate above ~500 req/s (the generator then always looks saturated);
   * - 'timer': setTimeout only: cheapest, up to ~1–2 ms late.
   */
  wakeup: 'ticker' | 'spin' | 'timer';
  /**
   * With 'ticker' and nothing in flight: sleep the thread (Atomics.wait) for the last this-many ms before a send, after a
   * timer for the rest (default 2: covers the 1 ms timer's lateness).
   */
  idleSleepWindowMs: number;
  /**
   * With 'ticker': when the next send is due within this many ms, re-check on the next event-loop turn instead of
   * arming the ticker, which could not wake us sooner anyway (default 0.05).
   */
  spinWindowMs: number;
  /**
   * While requests are in flight and the next send is due within this many ms, the next response (which the loop
   * handles anyway) triggers it instead of a wake-up of its own, with a 1 ms timer as fallback (default 0.25). Above
   * ~4,000 req/s this is what keeps the loop cheap: a precise wake-up per send costs ~50 µs of CPU.
   */
  completionWindowMs: number;
  /** Most requests sent in one loop turn before responses get a turn (default 1,000). */
  maxBatch: number;
  /** How often progress is reported (default 1,000 ms). */
  progressEveryMs: number;
}

export const DEFAULT_OPEN_MODEL_OPTIONS: OpenModelOptions = {
  lateThresholdMs: 1,
  maxInFlight: 10_000,
  drainMs: null,
  endGraceMs: 1000,
  wakeup: 'ticker',
  spinWindowMs: 0.05,
  completionWindowMs: 0.25,
  idleSleepWindowMs: 2,
  maxBatch: 1000,
  progressEveryMs: 1000,
};

export function normalizeOpenModelOptions(partial: Partial<OpenModelOptions> = {}): OpenModelOptions {
  const o: OpenModelOptions = { ...DEFAULT_OPEN_MODEL_OPTIONS, ...partial };
  const bad = (what: string) => {
    throw new RangeError(`open-model driver: ${what}`);
  };
  if (!(o.lateThresholdMs >= 0)) bad(`lateThresholdMs must be >= 0 (got ${o.lateThresholdMs})`);
  if (!Number.isInteger(o.maxInFlight) || o.maxInFlight < 1) bad(`maxInFlight must be an integer >= 1 (got ${o.maxInFlight})`);
  if (o.drainMs !== null && !(o.drainMs >= 0)) bad(`drainMs must be >= 0 or null (got ${o.drainMs})`);
  if (!(o.endGraceMs >= 0)) bad(`endGraceMs must be >= 0 (got ${o.endGraceMs})`);
  if (!['ticker', 'spin', 'timer'].includes(o.wakeup)) bad(`wakeup must be ticker, spin or timer (got ${o.wakeup})`);
  if (!(o.spinWindowMs >= 0)) bad(`spinWindowMs must be >= 0 (got ${o.spinWindowMs})`);
  if (!(o.idleSleepWindowMs >= 0 && o.idleSleepWindowMs <= 10)) bad(`idleSleepWindowMs must be between 0 and 10 (got ${o.idleSleepWindowMs})`);
  if (!(o.completionWindowMs >= 0)) bad(`completionWindowMs must be >= 0 (got ${o.completionWindowMs})`);
  if (!Number.isInteger(o.maxBatch) || o.maxBatch < 1) bad(`maxBatch must be an integer >= 1 (got ${o.maxBatch})`);
  if (!(o.progressEveryMs > 0)) bad(`progressEveryMs must be > 0 (got ${o.progressEveryMs})`);
  return o;
}

/** The drain bound for a step: drainMs if set, else timeoutMs (a request sent last gets its whole timeout). */
export function drainBoundMs(o: OpenModelOptions, timeoutMs: number): number {
  return o.drainMs ?? timeoutMs;
}
