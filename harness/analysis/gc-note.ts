// Whether the apps' garbage-collection pauses explain an event-loop delay: measured GC pauses next to the delay, one clause.
import type { StepFigures } from '../measure/step-figures.ts';

/** A GC pause at least this share of the loop-delay p99 is taken as (part of) its cause. */
export const GC_EXPLAINS_SHARE = 0.5;

/** What the apps' GC pauses say about a loop delay: " (garbage collection: …)" or " (not GC: …)"; '' when not measured. */
export function gcNote(f: StepFigures, loopP99Ms: number): string {
  if (f.gcPauseMaxMs === undefined) return '';
  const share = f.gcPauseShare !== undefined ? `, ${(f.gcPauseShare * 100).toFixed(1)} % of the time` : '';
  return f.gcPauseMaxMs >= GC_EXPLAINS_SHARE * loopP99Ms
    ? ` (garbage collection: pauses up to ${f.gcPauseMaxMs.toFixed(0)} ms${share})`
    : ` (not GC: its longest pause was ${f.gcPauseMaxMs.toFixed(0)} ms)`;
}
