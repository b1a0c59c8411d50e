// Turns a (merged) Recording and the step's timing into the StepMeasurement every driver returns (pure).
import { encodeHistogram, newLatencyHistogram } from '../../measure/histogram.ts';
import type { DriverName, IntervalHistogram, LoadModel, TimelinePoint } from '../../results/result-types.ts';
import type { StepMeasurement } from '../driver-types.ts';
import type { Recording } from '../step-recorder.ts';

export interface MeasuredTiming {
  /** Nominal step duration (s). */
  durationS: number;
  /** When sending stopped, ms after the start (the last send, or the abort). */
  sendEndMs: number;
  /** When the step finished (after draining), ms after the start. */
  endMs: number;
  aborted: boolean;
  /** Interval width (default 1000 ms). */
  intervalMs?: number;
}

/**
 * Measured duration: the step's scheduled window (every send is due inside it; a late generator shows in lateSends,
 * the lag histogram and 'dropped', not here), or up to the abort if aborted. Achieved rate: completed responses
 * (including those completing while draining) / that duration, as wrk2 counts it.
 */
export function buildMeasurement(
  r: Recording,
  t: MeasuredTiming,
  meta: { driver: DriverName; model: LoadModel; intendedRate: number | null; notes: string[] },
): StepMeasurement {
  const durationS = t.aborted ? Math.min(t.durationS, t.sendEndMs / 1000) : t.durationS;
  return {
    driver: meta.driver,
    model: meta.model,
    intendedRate: meta.intendedRate,
    achievedRate: durationS > 0 ? r.completed / durationS : 0,
    durationS,
    sent: r.sent,
    completed: r.completed,
    lateSends: r.lateSends,
    dropped: r.dropped,
    statusCounts: r.statusCounts,
    errors: r.errors,
    latency: r.latency,
    latencyAll: r.latencyAll,
    uncorrected: r.uncorrected,
    byEndpoint: r.byEndpoint,
    ...(r.byRegion ? { byRegion: r.byRegion } : {}),
    schedulingLag: r.schedulingLag,
    poolWait: r.poolWait ?? null,
    ...(r.clientCache ? { clientCache: r.clientCache } : {}),
    intervals: intervalLog(r, t.endMs, t.intervalMs ?? 1000),
    timeline: timelineOf(r, t.endMs, t.intervalMs ?? 1000),
    aborted: t.aborted,
    notes: meta.notes,
    ...(r.follows ? { follows: r.follows } : {}),
  };
}

/** One entry per interval from the start to `endMs`, empty intervals included (a stall shows as a gap, not a hole). */
export function intervalLog(r: Recording, endMs: number, intervalMs: number): IntervalHistogram[] {
  const n = Math.max(r.intervals.length, Math.ceil(endMs / intervalMs));
  let empty: string | null = null;
  const out: IntervalHistogram[] = [];
  for (let k = 0; k < n; k++) {
    const h = r.intervals[k];
    const startMs = k * intervalMs;
    out.push({
      startMs,
      endMs: Math.max(startMs, Math.min((k + 1) * intervalMs, Math.round(endMs))),
      histogram: h ? encodeHistogram(h) : (empty ??= encodeHistogram(newLatencyHistogram())),
    });
  }
  return out;
}

/** Per interval (same count as intervalLog): successes, failures, p99 of every response; what clients saw second by second. */
export function timelineOf(r: Recording, endMs: number, intervalMs: number): TimelinePoint[] {
  const errs = r.errorsPerInterval ?? [];
  const unexpected = r.unexpectedPerInterval ?? [];
  const n = Math.max(r.intervals.length, errs.length, Math.ceil(endMs / intervalMs));
  const out: TimelinePoint[] = [];
  for (let k = 0; k < n; k++) {
    const h = r.intervals[k];
    const responses = h ? h.totalCount : 0;
    out.push({
      second: (k * intervalMs) / 1000,
      completed: Math.max(0, responses - (unexpected[k] ?? 0)),
      errors: errs[k] ?? 0,
      p99Us: h && responses > 0 ? h.getValueAtPercentile(99) : 0,
    });
  }
  return out;
}
