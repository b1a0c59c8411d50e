// Pure: what a change during a step (an app joining or leaving) cost, from a per-interval rate series: extra events and time to recover.
import type { CounterSeries } from './counter-series.ts';

/** Back to normal: within this factor of the pre-change median rate... */
export const RECOVERED_FACTOR = 1.25;
/** ...plus this many per second, so a near-zero baseline is not held to zero (noise at low rates). */
export const RECOVERED_SLACK_PER_S = 5;

export interface ChangeCost {
  /** Median rate over the intervals before the first change (skipping the first second: warm-up effects), per s. */
  baselinePerS: number;
  /** Highest interval rate after the change (until the next change or the end), per s. */
  peakPerS: number;
  /** Events above the baseline after the change: Σ (rate − baseline) × interval, over intervals until the next change. */
  extra: number;
  /** ms from the change to the end of the last interval above the recovery threshold; 0 if none was; absent when the window ended above it. */
  recoveredMs?: number;
}

/**
 * `baselineUntilMs`: the first change (the baseline is measured before it). `fromMs`..`untilMs`: this change and the
 * next one (or the end of the load). Intervals are taken by their end time: (atMs[i-1], atMs[i]].
 */
export function changeCost(s: CounterSeries, key: string, baselineUntilMs: number, fromMs: number, untilMs: number): ChangeCost {
  const rates = s.perS[key] ?? [];
  const startOf = (i: number) => (i === 0 ? s.atMs[0] - s.periodMs : s.atMs[i - 1]);
  const before: number[] = [];
  const after: { i: number; r: number }[] = [];
  s.atMs.forEach((end, i) => {
    if (startOf(i) >= 1000 && end <= baselineUntilMs) before.push(rates[i]);
    if (end > fromMs && end <= untilMs) after.push({ i, r: rates[i] });
  });
  const baselinePerS = median(before);
  const threshold = baselinePerS * RECOVERED_FACTOR + RECOVERED_SLACK_PER_S;
  let extra = 0;
  let peakPerS = 0;
  let lastAbove: number | undefined;
  for (const { i, r } of after) {
    extra += ((r - baselinePerS) * (s.atMs[i] - startOf(i))) / 1000;
    peakPerS = Math.max(peakPerS, r);
    if (r > threshold) lastAbove = i;
  }
  const out: ChangeCost = { baselinePerS, peakPerS, extra: Math.round(extra) };
  const last = after[after.length - 1];
  if (lastAbove === undefined) out.recoveredMs = 0;
  else if (last !== undefined && lastAbove !== last.i) out.recoveredMs = Math.round(s.atMs[lastAbove] - fromMs);
  return out;
}

function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
