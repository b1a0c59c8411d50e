// Helpers experiments use to read a run: its measured tier steps, per-second stage counters, and spread statistics.
import type { RunResult, StepResult } from '../results/result-types.ts';

/** The measured tier steps of a run (warm-up and knee probes left out). */
export function tierSteps(result: RunResult): StepResult[] {
  return result.steps.filter((s) => s.kind === 'tier');
}

/**
 * Per-interval values of one stage counter over a step, e.g. counterSeries(step, 'dbReads') = DB reads per second.
 * Needs the bench option `counterIntervalMs` (set it in the experiment's `base`); [] without it. Each value is scaled to
 * a per-second rate by its interval's length. `skipFirst` drops leading points (the step's first second, still warming).
 */
export function counterSeries(step: StepResult | undefined, key: string, skipFirst = 0): number[] {
  const pts = step?.counterTimeline ?? [];
  return pts.slice(skipFirst).map((p) => (p.durationMs > 0 ? ((p.counters[key] ?? 0) * 1000) / p.durationMs : 0));
}

/** Sum of a counter over the step's timeline (the same difference the step's figures take, read per interval). */
export function counterTotal(step: StepResult | undefined, key: string): number {
  return (step?.counterTimeline ?? []).reduce((s, p) => s + (p.counters[key] ?? 0), 0);
}

export function mean(xs: readonly number[]): number {
  return xs.length ? xs.reduce((s, v) => s + v, 0) / xs.length : 0;
}

/** Highest value ÷ mean: 1 for a flat series, large for one with spikes; null when empty or all zero. */
export function peakToMean(xs: readonly number[]): number | null {
  const m = mean(xs);
  return m > 0 ? Math.max(...xs) / m : null;
}

/** Standard deviation ÷ mean (population); null when empty or all zero. */
export function coefficientOfVariation(xs: readonly number[]): number | null {
  const m = mean(xs);
  if (!(m > 0)) return null;
  const v = xs.reduce((s, x) => s + (x - m) ** 2, 0) / xs.length;
  return Math.sqrt(v) / m;
}

/** Rounds for display and JSON (3 significant decimals). */
export function round3(v: number | null): number | null {
  return v === null || !Number.isFinite(v) ? null : Math.round(v * 1000) / 1000;
}
