// Turns a parsed k6 output into the StepMeasurement every driver returns, with the notes that say how k6 measured.
import type { StepMeasurement } from '../driver-types.ts';
import { mergeHistograms } from '../../measure/histogram.ts';
import type { K6Output } from './k6-json-parser.ts';

export interface K6StepFacts {
  /** Arrival rate k6 was asked for (req/s). */
  intendedRate: number;
  /** Planned duration of the step (s); the measured span is used instead when the step was cut short. */
  plannedDurationS: number;
  aborted: boolean;
  /** maxVUs the script sized by Little's law, when known (to say that k6 ran out of VUs). */
  maxVus?: number;
  /** Extra notes from the driver (e.g. why the step was cut short). */
  notes?: string[];
}

export function k6StepMeasurement(out: K6Output, facts: K6StepFacts): StepMeasurement {
  const measuredS = out.firstMs !== null && out.lastMs !== null ? (out.lastMs - out.firstMs) / 1000 : 0;
  const durationS = facts.aborted ? Math.max(measuredS, 0.001) : facts.plannedDurationS;
  const errors = { ...out.errors };
  if (out.droppedIterations > 0) errors.dropped = (errors.dropped ?? 0) + out.droppedIterations;
  const notes = [
    'k6 times each request from its actual send, not from its schedule: latency and uncorrected are the same data, ' +
      `and k6's sign of falling behind the arrival rate is dropped_iterations (${out.droppedIterations} in this step, counted as dropped sends)`,
    "k6's http_req_duration excludes time spent waiting for a free connection and connecting (http_req_blocked, http_req_connecting)",
    'k6 reports no scheduling lag, so this step has no schedulingLag histogram',
  ];
  const vuCap = facts.maxVus ?? out.maxVusMax;
  if (vuCap > 0 && out.maxVus >= vuCap) {
    notes.push(`k6 used all ${vuCap} VUs (maxVUs, sized by Little's law for the SLO latency): the target answered slower than the SLO allows at this rate`);
  }
  if (out.badLines > 0) notes.push(`${out.badLines} line(s) of k6 output were not k6 JSON and were skipped`);
  notes.push(...(facts.notes ?? []));
  return {
    driver: 'k6',
    model: 'open',
    intendedRate: facts.intendedRate,
    achievedRate: durationS > 0 ? out.completed / durationS : 0,
    durationS,
    sent: out.sent,
    completed: out.completed,
    lateSends: 0,
    dropped: out.droppedIterations,
    statusCounts: out.statusCounts,
    errors,
    latency: out.latency,
    latencyAll: out.latencyAll,
    uncorrected: mergeHistograms([out.latency]),
    byEndpoint: out.byEndpoint,
    schedulingLag: null,
    intervals: out.intervals,
    aborted: facts.aborted,
    notes,
  };
}
