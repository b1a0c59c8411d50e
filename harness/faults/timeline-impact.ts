// Pure: what a fault did to clients, from a step's per-second timeline: errors, duration of impact, time to recover.
import type { TimelinePoint } from '../results/result-types.ts';

export interface ImpactInput {
  timeline: readonly TimelinePoint[];
  /** When the fault hit, ms since the step started. */
  atMs: number;
  /** When the fault ended (the service back and ready), ms since the step started; absent: it never ended in the step. */
  endMs?: number;
  /** The step's scheduled duration, s: seconds at or after it are the drain, not load, and are left out of recovery. */
  durationS: number;
}

export interface Impact {
  /** Errors from the fault's second to the end of the step. */
  clientErrors: number;
  /** Errors before the fault's second (the step's own baseline). */
  errorsBefore: number;
  /** errors / (successes + errors) over the seconds that overlap [atMs, endMs] (0 when none). */
  errorRateDuring: number;
  /** ms from the fault to the end of the last second with errors; 0 when clients saw none. */
  impactMs: number;
  /** ms from the fault to the start of the first whole second after it with responses and no errors; absent if none. */
  firstCleanMs?: number;
  /**
   * ms from the fault to the start of the first second after it from which every second of the step has no errors and
   * at least RECOVERED_SHARE of the baseline successes; absent if the step ended before that.
   */
  recoveredMs?: number;
  /** Median successes per second before the fault (all whole seconds when the fault came in the first one). */
  baselinePerS: number;
}

/** A second counts as recovered at this share of the baseline successes (arrivals jitter, responses straddle seconds). */
export const RECOVERED_SHARE = 0.8;

export function impactOf(input: ImpactInput): Impact {
  const { timeline, atMs, durationS } = input;
  const endMs = input.endMs ?? atMs;
  const sec = (p: TimelinePoint) => Math.round(p.second * 1000);
  const faultSecond = Math.floor(atMs / 1000) * 1000;
  const full = timeline.filter((p) => sec(p) + 1000 <= Math.round(durationS * 1000));
  const before = full.filter((p) => sec(p) < faultSecond);
  const after = timeline.filter((p) => sec(p) >= faultSecond);
  const baselinePerS = median((before.length > 0 ? before : full).map((p) => p.completed));

  let clientErrors = 0;
  let lastErrorEnd = -1;
  for (const p of after) {
    clientErrors += p.errors;
    if (p.errors > 0) lastErrorEnd = sec(p) + 1000;
  }
  const during = timeline.filter((p) => sec(p) + 1000 > atMs && sec(p) <= endMs);
  const dErr = sum(during.map((p) => p.errors));
  const dAll = dErr + sum(during.map((p) => p.completed));

  const out: Impact = {
    clientErrors,
    errorsBefore: sum(before.map((p) => p.errors)),
    errorRateDuring: dAll > 0 ? dErr / dAll : 0,
    impactMs: lastErrorEnd < 0 ? 0 : Math.max(0, lastErrorEnd - atMs),
    baselinePerS,
  };
  const clean = after.find((p) => sec(p) >= faultSecond + 1000 && p.errors === 0 && p.completed > 0);
  if (clean) out.firstCleanMs = sec(clean) - atMs;

  // Recovered: the earliest whole second after the fault from which every later whole second is healthy.
  const healthy = (p: TimelinePoint) => p.errors === 0 && p.completed >= RECOVERED_SHARE * baselinePerS && p.completed > 0;
  const candidates = full.filter((p) => sec(p) >= faultSecond + 1000);
  let from: TimelinePoint | undefined;
  for (let i = candidates.length - 1; i >= 0 && healthy(candidates[i]); i--) from = candidates[i];
  if (from) out.recoveredMs = sec(from) - atMs;
  return out;
}

function sum(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
