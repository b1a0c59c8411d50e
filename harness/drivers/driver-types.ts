// The contract every load driver (open-model, autocannon, k6) fulfils: run one step, return raw measurements.
import type { Histogram } from '../measure/histogram.ts';
import type { WorkloadConfig } from '../../loadtests/workload/workload-config.ts';
import type { DriverName, IntervalHistogram, LoadModel, TimelinePoint } from '../results/result-types.ts';

export interface StepSpec {
  /** Entry URL of the stage, e.g. http://127.0.0.1:41234 (already checked to be loopback unless allowed). */
  baseUrl: string;
  /** Intended arrival rate in requests/s (open model). Closed-model drivers ignore it. */
  rate: number;
  durationS: number;
  /** Open model: max sockets to the target. Closed model: concurrent connections (autocannon -c). */
  connections: number;
  workload: WorkloadConfig;
  /** Seeded codes in popularity order: codes[0] is rank 1. */
  codes: readonly string[];
  /** Per-request timeout in ms (default 10_000); a timed-out request counts as an error of kind 'timeout'. */
  timeoutMs: number;
  /**
   * Open model: run this many seconds first at the same rate, recording nothing (knee probes discard their first second:
   * connection set-up, JIT, a start-up stall); durationS is the measured part after it (default 0).
   */
  discardFirstS?: number;
  /** Open model: most ms to wait for requests in flight after the last send (e.g. what --max-total leaves; default: the timeout). */
  maxDrainMs?: number;
  /** Open model: worker threads to spread the schedule over (1 = one thread). */
  threads: number;
  /** Distinguishes request streams of successive steps so they do not repeat the same sequence. */
  streamId: number;
  signal?: AbortSignal;
  /** Called about once a second while the step runs. */
  onProgress?: (p: StepProgress) => void;
}

export interface StepProgress {
  elapsedS: number;
  durationS: number;
  sent: number;
  completed: number;
  errors: number;
  achievedRate: number;
  p99Us: number;
}

export interface StepMeasurement {
  driver: DriverName;
  model: LoadModel;
  intendedRate: number | null;
  /** Completed responses per second over the measured duration. */
  achievedRate: number;
  /** Wall time of the step as measured (s). */
  durationS: number;
  sent: number;
  completed: number;
  /** Sends that went out later than their schedule by more than the lateness threshold (open model). */
  lateSends: number;
  /** Scheduled requests never sent (generator over its in-flight cap, or the step ended first). */
  dropped: number;
  /** HTTP status → count, e.g. { '302': 9900, '201': 99, '404': 1 }. */
  statusCounts: Record<string, number>;
  /** Error kind → count: 'timeout', 'connect', 'reset', 'dropped', 'unexpected-status', 'unfinished', 'other'. */
  errors: Record<string, number>;
  /** Successful responses only (the headline). Open: from the scheduled send. Closed: from the actual send. */
  latency: Histogram;
  /** Every response (error statuses too), timeouts at their age, unfinished requests at their age (lower bound). */
  latencyAll?: Histogram | null;
  /** Open model only: from the actual send. */
  uncorrected: Histogram | null;
  byEndpoint: Record<string, Histogram>;
  /** Per client region (a workload with a region mix): latency of its successful responses, emulated RTT included. */
  byRegion?: Record<string, Histogram>;
  /** Open model only: scheduled → actual send. */
  schedulingLag: Histogram | null;
  /** Open model only: dispatch → a pooled connection taken (the client's own queue; neither lag nor uncorrected holds it). */
  poolWait?: Histogram | null;
  /** Open model with emulated users: redirect clicks made and how many the users' browser caches served (no request sent). */
  clientCache?: { clicks: number; browserHits: number };
  intervals: IntervalHistogram[];
  /** Per second: successes, failures, p99 (drivers built on StepRecorder; k6 has none). */
  timeline?: TimelinePoint[];
  /** Set when the step ended early because the signal aborted. */
  aborted: boolean;
  /** Driver-specific notes (e.g. autocannon reconnects detected), shown to the user. */
  notes: string[];
  /** Workload followAfterCreate (open model): follows of just-created codes sent, and answered 404. */
  follows?: { sent: number; notFound: number };
  /** What kind of load this was, in words, when the model alone does not say it (e.g. autocannon's 'closed model, rate-limited, coordinated omission possible'). */
  loadLabel?: string;
}

export interface Driver {
  readonly name: DriverName;
  runStep(spec: StepSpec): Promise<StepMeasurement>;
}

/** Which statuses count as success for each endpoint; anything else is an 'unexpected-status' error. */
export const EXPECTED_STATUS: Record<string, readonly number[]> = {
  redirect: [301, 302],
  create: [201],
  metadata: [200, 304],
  unknown: [404],
  slow: [301, 302],
  // A GET of a code the client just created: anything but a redirect (a replica-lag 404) is a failure the user saw.
  follow: [301, 302],
};
