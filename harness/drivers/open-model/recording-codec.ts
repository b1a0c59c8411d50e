// Moves a Recording between threads (histograms as compressed base64) and merges recordings losslessly.
import { decodeHistogram, encodeHistogram, mergeHistograms, newLatencyHistogram, type Histogram } from '../../measure/histogram.ts';
import type { Recording } from '../step-recorder.ts';

/** A Recording with every histogram as HdrHistogram compressed base64: structured-clone safe. */
export interface EncodedRecording extends Omit<Recording, 'latency' | 'latencyAll' | 'uncorrected' | 'schedulingLag' | 'poolWait' | 'byEndpoint' | 'byRegion' | 'intervals'> {
  latency: string;
  latencyAll: string;
  uncorrected: string | null;
  schedulingLag: string | null;
  poolWait?: string | null;
  byEndpoint: Record<string, string>;
  byRegion?: Record<string, string>;
  intervals: (string | null)[];
}

const mapValues = <A, B>(o: Record<string, A>, f: (a: A) => B): Record<string, B> =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)]));

export function encodeRecording(r: Recording): EncodedRecording {
  const { byRegion: _regions, ...rest } = r;
  return {
    ...rest,
    latency: encodeHistogram(r.latency),
    latencyAll: encodeHistogram(r.latencyAll),
    uncorrected: r.uncorrected && encodeHistogram(r.uncorrected),
    schedulingLag: r.schedulingLag && encodeHistogram(r.schedulingLag),
    poolWait: r.poolWait ? encodeHistogram(r.poolWait) : null,
    byEndpoint: mapValues(r.byEndpoint, encodeHistogram),
    ...(r.byRegion ? { byRegion: mapValues(r.byRegion, encodeHistogram) } : {}),
    intervals: r.intervals.map((h) => h && encodeHistogram(h)),
  };
}

export function decodeRecording(e: EncodedRecording): Recording {
  const { byRegion: _regions, ...rest } = e;
  return {
    ...rest,
    latency: decodeHistogram(e.latency),
    latencyAll: decodeHistogram(e.latencyAll),
    uncorrected: e.uncorrected === null ? null : decodeHistogram(e.uncorrected),
    schedulingLag: e.schedulingLag === null ? null : decodeHistogram(e.schedulingLag),
    poolWait: e.poolWait ? decodeHistogram(e.poolWait) : null,
    byEndpoint: mapValues(e.byEndpoint, decodeHistogram),
    ...(e.byRegion ? { byRegion: mapValues(e.byRegion, decodeHistogram) } : {}),
    intervals: e.intervals.map((h) => (h === null ? null : decodeHistogram(h))),
  };
}

const addCounts = (into: Record<string, number>, from: Record<string, number>): void => {
  for (const [k, n] of Object.entries(from)) into[k] = (into[k] ?? 0) + n;
};

const mergeOptional = (hs: (Histogram | null)[]): Histogram | null => {
  const present = hs.filter((h): h is Histogram => h !== null);
  return present.length === 0 ? null : mergeHistograms(present);
};

/** One Recording holding every count and every value of `rs` (interval k merged with interval k). */
export function mergeRecordings(rs: readonly Recording[]): Recording {
  const statusCounts: Record<string, number> = {};
  const errors: Record<string, number> = {};
  const endpointNames = new Set<string>();
  let intervalCount = 0;
  for (const r of rs) {
    addCounts(statusCounts, r.statusCounts);
    addCounts(errors, r.errors);
    Object.keys(r.byEndpoint).forEach((n) => endpointNames.add(n));
    intervalCount = Math.max(intervalCount, r.intervals.length);
  }
  const sum = (f: (r: Recording) => number) => rs.reduce((a, r) => a + f(r), 0);
  const byEndpoint: Record<string, Histogram> = {};
  for (const name of [...endpointNames].sort()) {
    byEndpoint[name] = mergeHistograms(rs.flatMap((r) => (r.byEndpoint[name] ? [r.byEndpoint[name]] : [])));
  }
  const regionNames = [...new Set(rs.flatMap((r) => Object.keys(r.byRegion ?? {})))].sort();
  const byRegion: Record<string, Histogram> = {};
  for (const name of regionNames) byRegion[name] = mergeHistograms(rs.flatMap((r) => (r.byRegion?.[name] ? [r.byRegion[name]] : [])));
  return {
    sent: sum((r) => r.sent),
    completed: sum((r) => r.completed),
    lateSends: sum((r) => r.lateSends),
    dropped: sum((r) => r.dropped),
    cancelled: sum((r) => r.cancelled),
    statusCounts,
    errors,
    latency: rs.length === 0 ? newLatencyHistogram() : mergeHistograms(rs.map((r) => r.latency)),
    latencyAll: rs.length === 0 ? newLatencyHistogram() : mergeHistograms(rs.map((r) => r.latencyAll)),
    uncorrected: mergeOptional(rs.map((r) => r.uncorrected)),
    schedulingLag: mergeOptional(rs.map((r) => r.schedulingLag)),
    poolWait: mergeOptional(rs.map((r) => r.poolWait ?? null)),
    byEndpoint,
    ...(regionNames.length ? { byRegion } : {}),
    intervals: Array.from({ length: intervalCount }, (_, k) => mergeOptional(rs.map((r) => r.intervals[k] ?? null))),
    errorsPerInterval: sumArrays(rs.map((r) => r.errorsPerInterval)),
    unexpectedPerInterval: sumArrays(rs.map((r) => r.unexpectedPerInterval)),
    ...(rs.some((r) => r.clientCache) ? { clientCache: { clicks: sum((r) => r.clientCache?.clicks ?? 0), browserHits: sum((r) => r.clientCache?.browserHits ?? 0) } } : {}),
    ...(rs.some((r) => r.follows) ? { follows: { sent: sum((r) => r.follows?.sent ?? 0), notFound: sum((r) => r.follows?.notFound ?? 0) } } : {}),
  };
}

/** Element-wise sum of count arrays of different lengths (missing entries are 0). */
function sumArrays(as: readonly (readonly number[] | undefined)[]): number[] {
  const out: number[] = [];
  for (const a of as) {
    if (a === undefined) continue;
    for (let k = 0; k < a.length; k++) out[k] = (out[k] ?? 0) + a[k];
  }
  return out;
}
