// Pure: what a change during a step (an app joining or leaving) cost, from a per-interval series: extra events above
// the level before the change, and the time until that level is back. Judged per request (e.g. local misses per
// redirect), so the stall and catch-up of a reload, which move every rate together, are not counted as a cost.
import type { CounterSeries } from './counter-series.ts';

/** Back to normal: within this factor of the ratio before the first change... */
export const RECOVERED_FACTOR = 1.25;
/** ...plus this much (noise of a near-zero ratio). */
export const RECOVERED_SLACK = 0.02;

export interface ChangeCost {
  /** Median of key ÷ per over the intervals before the first change (skipping the first second: warm-up effects). */
  baselineRatio: number;
  /** Highest interval ratio after the change (until the next change or the end). */
  peakRatio: number;
  /** Events above the baseline after the change: Σ (events − baseline × requests) over the intervals until the next change. */
  extra: number;
  /** ms from the change to the end of the last interval above the recovery threshold; 0 if none was; absent when the window ended above it. */
  recoveredMs?: number;
}

/**
 * `key` per `per` (both per-second rates in the series, e.g. localMisses per redirects). `baselineUntilMs`: the first
 * change (the baseline is measured before it). `fromMs`..`untilMs`: this change and the next one (or the end of the
 * load). Intervals are taken by their end time: (atMs[i-1], atMs[i]]; intervals without requests are skipped.
 */
export function changeCost(s: CounterSeries, key: string, per: string, baselineUntilMs: number, fromMs: number, untilMs: number): ChangeCost {
  const num = s.perS[key] ?? [];
  const den = s.perS[per] ?? [];
  const startOf = (i: number) => (i === 0 ? s.atMs[0] - s.periodMs : s.atMs[i - 1]);
  const before: number[] = [];
  const after: number[] = [];
  s.atMs.forEach((end, i) => {
    if (!(den[i] > 0)) return;
    if (startOf(i) >= 1000 && end <= baselineUntilMs) before.push(i);
    if (end > fromMs && end <= untilMs) after.push(i);
  });
  const baselineRatio = median(before.map((i) => num[i] / den[i]));
  const threshold = baselineRatio * RECOVERED_FACTOR + RECOVERED_SLACK;
  let extra = 0;
  let peakRatio = 0;
  let lastAbove: number | undefined;
  for (const i of after) {
    const ratio = num[i] / den[i];
    const seconds = (s.atMs[i] - startOf(i)) / 1000;
    extra += (num[i] - baselineRatio * den[i]) * seconds;
    peakRatio = Math.max(peakRatio, ratio);
    if (ratio > threshold) lastAbove = i;
  }
  // `|| 0`: Math.round(-0.4) is -0, which a result file (JSON) reads back as 0 and toEqual tells apart.
  const out: ChangeCost = { baselineRatio: round3(baselineRatio), peakRatio: round3(peakRatio), extra: Math.round(extra) || 0 };
  const last = after[after.length - 1];
  if (lastAbove === undefined) out.recoveredMs = 0;
  else if (last !== undefined && lastAbove !== last) out.recoveredMs = Math.round(s.atMs[lastAbove] - fromMs);
  return out;
}

const round3 = (v: number): number => Math.round(v * 1000) / 1000;

function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
