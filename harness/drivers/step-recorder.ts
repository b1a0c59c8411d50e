// Accumulates one sender's measurements of a step: µs HDR histograms (corrected, uncorrected, lag, per endpoint, per second) and counts
// (per second too: failures and unexpected statuses, for the client-side timeline of fault runs).
import { EXPECTED_STATUS } from './driver-types.ts';
import { HIGHEST_TRACKABLE_US, newLatencyHistogram, type Histogram } from '../measure/histogram.ts';
import type { ErrorKind } from './error-kind.ts';

/** Everything one sender measured, with live histograms (see recording-codec.ts to move it between threads). */
export interface Recording {
  sent: number;
  completed: number;
  lateSends: number;
  dropped: number;
  /** Requests in flight when the step was aborted: neither completed nor errors. */
  cancelled: number;
  statusCounts: Record<string, number>;
  errors: Record<string, number>;
  /** Successful responses only (expected status): open model from the scheduled send, closed model from the actual send. */
  latency: Histogram;
  /** Every response (errors too), plus timeouts at their age and unfinished requests at their age (a lower bound). */
  latencyAll: Histogram;
  /** Open model only: from the moment the request was written to a socket. */
  uncorrected: Histogram | null;
  /** Open model only: scheduled → handed to the HTTP client. */
  schedulingLag: Histogram | null;
  /** Open model only: handed to the HTTP client → given a pooled connection (answered requests). */
  poolWait?: Histogram | null;
  byEndpoint: Record<string, Histogram>;
  /** Per client region (workloads with a region mix): latency of that region's expected-status responses. */
  byRegion?: Record<string, Histogram>;
  /** intervals[k]: responses completed in [k, k + 1) × intervalMs after the start; null when there were none. */
  intervals: (Histogram | null)[];
  /** errorsPerInterval[k]: failures of every kind observed in interval k (missing entries are 0). */
  errorsPerInterval: number[];
  /** Workloads with emulated users (open model): redirect clicks made, and how many their browser caches served. */
  clientCache?: { clicks: number; browserHits: number };
  /** Workload followAfterCreate: GETs of just-created codes sent, and how many of them were answered 404 (replica lag). */
  follows?: FollowCounts;
  /** unexpectedPerInterval[k]: of those, responses with an unexpected status (they are in intervals[k] too). */
  unexpectedPerInterval: number[];
}

export interface FollowCounts {
  sent: number;
  notFound: number;
}

export interface StepRecorderOptions {
  /** Open model records uncorrected latency and scheduling lag too. */
  openModel: boolean;
  /** Clock value (ms, same clock as every `atMs`) of the step start. */
  startMs: number;
  /** A send later than its schedule by more than this counts as late (open model). */
  lateThresholdMs: number;
  /** Width of one interval histogram (default 1000 ms). */
  intervalMs?: number;
  /**
   * Requests scheduled before this clock value (ms) are sent but not recorded at all: a discarded warm-up at the start
   * of a step (default: none). Intervals still count from `startMs`.
   */
  recordFromMs?: number;
}

interface EndpointSlot {
  histogram: Histogram;
  expected: readonly number[];
}

const toUs = (ms: number): number => {
  const us = Math.round(ms * 1000);
  return us < 0 ? 0 : us > HIGHEST_TRACKABLE_US ? HIGHEST_TRACKABLE_US : us;
};

export class StepRecorder {
  sent = 0;
  completed = 0;
  lateSends = 0;
  dropped = 0;
  cancelled = 0;
  readonly latency: Histogram = newLatencyHistogram();
  readonly latencyAll: Histogram = newLatencyHistogram();
  readonly uncorrected: Histogram | null;
  readonly schedulingLag: Histogram | null;
  readonly poolWait: Histogram | null;
  private readonly errors: Record<string, number> = {};
  private readonly statuses = new Uint32Array(1000);
  private readonly endpoints = new Map<string, EndpointSlot>();
  private readonly regions = new Map<string, Histogram>();
  private readonly intervals: (Histogram | null)[] = [];
  private readonly errorsPerInterval: number[] = [];
  private readonly unexpectedPerInterval: number[] = [];
  private readonly startMs: number;
  private readonly intervalMs: number;
  private readonly lateThresholdMs: number;
  private readonly recordFromMs: number;
  /** Requests not recorded because they were scheduled inside the discarded start. */
  discarded = 0;
  private clicks = 0;
  private browserHits = 0;
  /** Follows of just-created codes (workload followAfterCreate) sent, and answered 404. */
  readonly follows: FollowCounts = { sent: 0, notFound: 0 };

  constructor(opts: StepRecorderOptions) {
    this.startMs = opts.startMs;
    this.recordFromMs = opts.recordFromMs ?? -Infinity;
    this.intervalMs = opts.intervalMs ?? 1000;
    this.lateThresholdMs = opts.lateThresholdMs;
    this.uncorrected = opts.openModel ? newLatencyHistogram() : null;
    this.schedulingLag = opts.openModel ? newLatencyHistogram() : null;
    this.poolWait = opts.openModel ? newLatencyHistogram() : null;
  }

  /** Open model: an answered request waited `waitMs` between dispatch and getting a pooled connection. */
  recordPoolWait(waitMs: number, scheduledMs: number): void {
    if (scheduledMs < this.recordFromMs) return;
    this.poolWait?.recordValue(toUs(waitMs));
  }

  /** An emulated user clicked a redirect scheduled at `scheduledMs`; `fromBrowser`: their browser cache answered it (no request). */
  recordClick(scheduledMs: number, fromBrowser: boolean): void {
    if (scheduledMs < this.recordFromMs) return;
    this.clicks++;
    if (fromBrowser) this.browserHits++;
  }

  /**
   * A follow of a just-created code went out at `atMs` (its own schedule: it is sent the moment the 201 arrives), and
   * counts as a send; its answer comes through recordResponse as endpoint 'follow' and through followAnswered.
   */
  recordFollowSend(atMs: number): void {
    if (atMs < this.recordFromMs) return;
    this.sent++;
    this.follows.sent++;
    this.schedulingLag?.recordValue(0);
  }

  /** A follow sent at `sentMs` was answered `status`; a 404 is the read-your-writes hazard. */
  followAnswered(status: number, sentMs: number): void {
    if (sentMs < this.recordFromMs) return;
    if (status === 404) this.follows.notFound++;
  }

  /** A request went out `actualMs` for a schedule of `scheduledMs` (open model; lag and lateness recorded). */
  recordSend(scheduledMs: number, actualMs: number): void {
    if (scheduledMs < this.recordFromMs) return;
    this.sent++;
    const lag = actualMs - scheduledMs;
    if (lag > this.lateThresholdMs) this.lateSends++;
    this.schedulingLag?.recordValue(toUs(lag));
  }

  /**
   * A response arrived at `atMs`: latency from the schedule (`correctedMs`) and from the socket write. The open model
   * passes `scheduledMs` itself: recomputed as atMs - correctedMs it can round just below recordFromMs for the request
   * scheduled exactly there (the step's first), which was then sent but never completed (~1 run in 6).
   */
  recordResponse(endpoint: string, status: number, correctedMs: number, uncorrectedMs: number, atMs: number, region?: string, scheduledMs = atMs - correctedMs): void {
    if (scheduledMs < this.recordFromMs) {
      this.discarded++;
      return;
    }
    this.completed++;
    const us = toUs(correctedMs);
    this.latencyAll.recordValue(us);
    this.uncorrected?.recordValue(toUs(uncorrectedMs));
    let slot = this.endpoints.get(endpoint);
    if (slot === undefined) {
      slot = { histogram: newLatencyHistogram(), expected: EXPECTED_STATUS[endpoint] ?? [] };
      this.endpoints.set(endpoint, slot);
    }
    slot.histogram.recordValue(us);
    if (status >= 0 && status < 1000) this.statuses[status]++;
    const k = this.intervalOf(atMs);
    if (slot.expected.includes(status)) {
      this.latency.recordValue(us);
      if (region !== undefined) {
        let r = this.regions.get(region);
        if (r === undefined) this.regions.set(region, (r = newLatencyHistogram()));
        r.recordValue(us);
      }
    } else {
      // A fast error answer must not lower the headline percentiles: it is in latencyAll only.
      this.recordError('unexpected-status', 1, atMs);
      bump(this.unexpectedPerInterval, k, 1);
    }
    let h = this.intervals[k];
    if (h === undefined || h === null) {
      while (this.intervals.length < k) this.intervals.push(null);
      h = this.intervals[k] = newLatencyHistogram();
    }
    h.recordValue(us);
  }

  /**
   * `n` failures of `kind` observed at `atMs` (default: now, on the performance.now() clock every driver uses);
   * `scheduledMs`, when known, lets a failure of the discarded start go unrecorded.
   */
  recordError(kind: ErrorKind, n = 1, atMs = performance.now(), scheduledMs?: number): void {
    if (scheduledMs !== undefined && scheduledMs < this.recordFromMs) return;
    this.errors[kind] = (this.errors[kind] ?? 0) + n;
    bump(this.errorsPerInterval, this.intervalOf(atMs), n);
  }

  /** A request unanswered `ageMs` after its schedule: an error of kind 'timeout', in latencyAll at that age. */
  recordTimeout(ageMs: number, atMs = performance.now()): void {
    if (atMs - ageMs < this.recordFromMs) return;
    this.latencyAll.recordValue(toUs(ageMs));
    this.recordError('timeout', 1, atMs);
  }

  /**
   * A request still in flight when the step stopped waiting for it, younger than the timeout: kind 'unfinished' (never
   * 'timeout'), with its age in latencyAll as a lower bound of its latency.
   */
  recordUnfinished(ageMs: number, atMs = performance.now()): void {
    if (atMs - ageMs < this.recordFromMs) return;
    this.latencyAll.recordValue(toUs(ageMs));
    this.recordError('unfinished', 1, atMs);
  }

  /** Scheduled requests never sent (in-flight cap, or the step ended first): counted as errors of kind 'dropped'. */
  recordDropped(n = 1, atMs = performance.now()): void {
    this.dropped += n;
    this.recordError('dropped', n, atMs);
  }

  private intervalOf(atMs: number): number {
    const k = Math.floor((atMs - this.startMs) / this.intervalMs);
    return k < 0 ? 0 : k;
  }

  get errorCount(): number {
    let n = 0;
    for (const k in this.errors) n += this.errors[k];
    return n;
  }

  p99Us(): number {
    return this.latency.totalCount === 0 ? 0 : this.latency.getValueAtPercentile(99);
  }

  recording(): Recording {
    const statusCounts: Record<string, number> = {};
    this.statuses.forEach((n, s) => {
      if (n > 0) statusCounts[String(s)] = n;
    });
    const byEndpoint: Record<string, Histogram> = {};
    for (const [name, slot] of this.endpoints) byEndpoint[name] = slot.histogram;
    const byRegion: Record<string, Histogram> = Object.fromEntries(this.regions);
    return {
      sent: this.sent,
      completed: this.completed,
      lateSends: this.lateSends,
      dropped: this.dropped,
      cancelled: this.cancelled,
      statusCounts,
      errors: { ...this.errors },
      latency: this.latency,
      latencyAll: this.latencyAll,
      uncorrected: this.uncorrected,
      schedulingLag: this.schedulingLag,
      poolWait: this.poolWait,
      byEndpoint,
      ...(this.regions.size ? { byRegion } : {}),
      intervals: [...this.intervals],
      errorsPerInterval: [...this.errorsPerInterval],
      unexpectedPerInterval: [...this.unexpectedPerInterval],
      ...(this.clicks > 0 ? { clientCache: { clicks: this.clicks, browserHits: this.browserHits } } : {}),
      ...(this.follows.sent > 0 ? { follows: { ...this.follows } } : {}),
    };
  }
}

/** a[k] += n, growing `a` with zeros (a plain array: one increment on the error path, nothing on the success path). */
function bump(a: number[], k: number, n: number): void {
  while (a.length <= k) a.push(0);
  a[k] += n;
}
