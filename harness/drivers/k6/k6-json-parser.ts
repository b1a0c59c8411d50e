// Folds k6's JSON output (`k6 run --out json=…`, one Metric/Point object per line) into µs HDR histograms and counts.
import { EXPECTED_STATUS } from '../driver-types.ts';
import { encodeHistogram, newLatencyHistogram, recordUs, summarize, type Histogram } from '../../measure/histogram.ts';
import type { IntervalHistogram } from '../../results/result-types.ts';
import { classifyK6Error } from './k6-error-kind.ts';

/** What the k6 output of one step adds up to. Only requests tagged with `endpoint` (the workload's) are counted. */
export interface K6Output {
  /** http_req_duration of every successful request (expected status), µs: the headline, as in the open driver. */
  latency: Histogram;
  /** Every answered request (error statuses too) and timeouts (k6 error 1050) at their duration, µs. */
  latencyAll: Histogram;
  byEndpoint: Record<string, Histogram>;
  /** http_reqs points: every request k6 attempted. */
  sent: number;
  /** Requests that got an HTTP answer (status ≠ 0). */
  completed: number;
  statusCounts: Record<string, number>;
  errors: Record<string, number>;
  /** Sum of http_req_failed (k6's own verdict, by the scripts' expected statuses). */
  failedByK6: number;
  /** dropped_iterations: iterations the arrival-rate executor could not start (no free VU): k6 falling behind. */
  droppedIterations: number;
  /** Highest `vus` and `vus_max` seen. */
  maxVus: number;
  maxVusMax: number;
  /** One histogram per second of the step, from the first counted request. */
  intervals: IntervalHistogram[];
  /** Time of the first and last counted request sample (ms since the epoch); null when none. */
  firstMs: number | null;
  lastMs: number | null;
  /** Thresholds k6 declared (metric → expressions), from Metric lines. */
  thresholds: Record<string, string[]>;
  /** Lines that were not JSON objects of k6's format (e.g. stray console output), and points we deliberately skip. */
  badLines: number;
  skippedPoints: number;
}

export interface K6Progress {
  sent: number;
  completed: number;
  errors: number;
  p99Us: number;
  droppedIterations: number;
}

interface PointLine {
  type: 'Point';
  metric: string;
  data: { time: string; value: number; tags?: Record<string, string> | null };
}

interface MetricLine {
  type: 'Metric';
  metric: string;
  data: { name?: string; type?: string; thresholds?: string[] | null };
}

const TIME_RE = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

/** RFC 3339 with k6's nanoseconds ("2025-01-07T10:00:00.123456789+01:00") → ms since the epoch (fraction kept). */
export function parseK6Time(text: string): number {
  const m = TIME_RE.exec(text);
  if (!m) return Number.NaN;
  return Date.parse(`${m[1]}${m[3]}`) + (m[2] ? Number(`0${m[2]}`) * 1000 : 0);
}

/** Setup/teardown requests and anything the workload did not tag (health checks, seeding) are not the step's load. */
function isWorkloadRequest(tags: Record<string, string> | null | undefined): tags is Record<string, string> {
  if (!tags || typeof tags.endpoint !== 'string') return false;
  const group = tags.group ?? '';
  return !group.startsWith('::setup') && !group.startsWith('::teardown');
}

function add(map: Record<string, number>, key: string, n = 1): void {
  map[key] = (map[key] ?? 0) + n;
}

/** Streaming fold: feed lines in any chunking with `addLine`, read `progress()` at any time, then `finish()` once. */
export class K6OutputAggregator {
  private readonly latency = newLatencyHistogram();
  private readonly latencyAll = newLatencyHistogram();
  private readonly byEndpoint = new Map<string, Histogram>();
  private readonly buckets = new Map<number, Histogram>();
  private readonly statusCounts: Record<string, number> = {};
  private readonly errors: Record<string, number> = {};
  private readonly thresholds: Record<string, string[]> = {};
  private sent = 0;
  private completed = 0;
  private failedByK6 = 0;
  private dropped = 0;
  private maxVus = 0;
  private maxVusMax = 0;
  /** Time of the first counted sample seen: the start of interval 0 (later samples may be slightly older). */
  private baseMs: number | null = null;
  private firstMs: number | null = null;
  private lastMs: number | null = null;
  private badLines = 0;
  private skippedPoints = 0;

  constructor(private readonly intervalMs = 1000) {}

  addLine(line: string): void {
    const text = line.trim();
    if (text === '') return;
    let obj: PointLine | MetricLine;
    try {
      obj = JSON.parse(text);
    } catch {
      this.badLines++;
      return;
    }
    if (!obj || typeof obj !== 'object' || typeof obj.metric !== 'string' || !obj.data) {
      this.badLines++;
      return;
    }
    if (obj.type === 'Metric') {
      if (obj.data.thresholds && obj.data.thresholds.length > 0) this.thresholds[obj.metric] = [...obj.data.thresholds];
      return;
    }
    if (obj.type !== 'Point' || typeof obj.data.value !== 'number') {
      this.badLines++;
      return;
    }
    this.addPoint(obj);
  }

  private addPoint(p: PointLine): void {
    const { value, tags } = p.data;
    switch (p.metric) {
      case 'dropped_iterations':
        this.dropped += value;
        return;
      case 'vus':
        this.maxVus = Math.max(this.maxVus, value);
        return;
      case 'vus_max':
        this.maxVusMax = Math.max(this.maxVusMax, value);
        return;
      case 'http_reqs':
        if (isWorkloadRequest(tags)) this.countRequest(tags, value, parseK6Time(p.data.time));
        else this.skippedPoints++;
        return;
      case 'http_req_failed':
        if (isWorkloadRequest(tags)) this.failedByK6 += value;
        else this.skippedPoints++;
        return;
      case 'http_req_duration':
        if (isWorkloadRequest(tags)) this.recordDuration(tags, value, parseK6Time(p.data.time));
        else this.skippedPoints++;
        return;
      default:
        // Sub-metrics ("http_req_duration{scenario:x}") never carry points of their own; other metrics
        // (http_req_waiting, iterations, data_sent, checks, …) are not what the results hold.
        this.skippedPoints++;
    }
  }

  private countRequest(tags: Record<string, string>, n: number, timeMs: number): void {
    this.sent += n;
    this.seen(timeMs);
    const status = tags.status ?? '0';
    if (status !== '0') {
      this.completed += n;
      add(this.statusCounts, status, n);
    }
    const kind = classifyK6Error(status, tags.error_code, EXPECTED_STATUS[tags.endpoint], tags.expected_response);
    if (kind) add(this.errors, kind, n);
  }

  private recordDuration(tags: Record<string, string>, ms: number, timeMs: number): void {
    // A request with no answer (status 0: refused, reset) has no response time; it counts as an error only. A timeout
    // (1050) is in the all-responses histogram at its duration, as in the open driver.
    const status = tags.status ?? '0';
    const us = ms * 1000;
    if (status === '0') {
      if (tags.error_code === '1050') recordUs(this.latencyAll, us);
      return;
    }
    this.seen(timeMs);
    recordUs(this.latencyAll, us);
    if (classifyK6Error(status, tags.error_code, EXPECTED_STATUS[tags.endpoint], tags.expected_response) === null) recordUs(this.latency, us);
    let h = this.byEndpoint.get(tags.endpoint);
    if (!h) this.byEndpoint.set(tags.endpoint, (h = newLatencyHistogram()));
    recordUs(h, us);
    if (Number.isFinite(timeMs) && this.baseMs !== null) {
      const b = Math.max(0, Math.floor((timeMs - this.baseMs) / this.intervalMs));
      let bh = this.buckets.get(b);
      if (!bh) this.buckets.set(b, (bh = newLatencyHistogram()));
      recordUs(bh, us);
    }
  }

  private seen(timeMs: number): void {
    if (!Number.isFinite(timeMs)) return;
    if (this.baseMs === null) this.baseMs = timeMs;
    if (this.firstMs === null || timeMs < this.firstMs) this.firstMs = timeMs;
    if (this.lastMs === null || timeMs > this.lastMs) this.lastMs = timeMs;
  }

  progress(): K6Progress {
    const errors = Object.values(this.errors).reduce((a, b) => a + b, 0);
    return { sent: this.sent, completed: this.completed, errors, p99Us: summarize(this.latency).p99, droppedIterations: this.dropped };
  }

  finish(): K6Output {
    const intervals: IntervalHistogram[] = [];
    const last = this.buckets.size === 0 ? -1 : Math.max(...this.buckets.keys());
    for (let b = 0; b <= last; b++) {
      // Seconds without a single answer stay in the log, empty: a stall must show as a gap, not vanish.
      intervals.push({ startMs: b * this.intervalMs, endMs: (b + 1) * this.intervalMs, histogram: encodeHistogram(this.buckets.get(b) ?? newLatencyHistogram()) });
    }
    return {
      latency: this.latency,
      latencyAll: this.latencyAll,
      byEndpoint: Object.fromEntries(this.byEndpoint),
      sent: this.sent,
      completed: this.completed,
      statusCounts: { ...this.statusCounts },
      errors: { ...this.errors },
      failedByK6: this.failedByK6,
      droppedIterations: this.dropped,
      maxVus: this.maxVus,
      maxVusMax: this.maxVusMax,
      intervals,
      firstMs: this.firstMs,
      lastMs: this.lastMs,
      thresholds: { ...this.thresholds },
      badLines: this.badLines,
      skippedPoints: this.skippedPoints,
    };
  }
}

/** Parses a whole k6 JSON output at once (text or lines). */
export function parseK6Json(input: string | Iterable<string>): K6Output {
  const agg = new K6OutputAggregator();
  for (const line of typeof input === 'string' ? input.split('\n') : input) agg.addLine(line);
  return agg.finish();
}
