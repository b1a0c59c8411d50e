// Scrapes the app processes' /metrics into flat counters the bench takes differences of (summed over processes).
import { request } from 'undici';
import { parsePromText, sumMetric } from '../measure/prom-text.ts';
import { clickCounters } from './click-figures.ts';
import { pgCounters } from './pg-figures.ts';
import { shardCounters } from './shard-figures.ts';
import type { StepFigures } from '../measure/step-figures.ts';
import type { StageCounters } from './stage-types.ts';
import { round } from '../stats/round.ts';

/** `reset` starts a new event-loop delay window in the app, so the next scrape covers one step only. */
export async function readAppCounters(baseUrl: string, reset = false): Promise<StageCounters> {
  const res = await request(new URL(reset ? '/metrics?reset=1' : '/metrics', baseUrl), { headersTimeout: 5000, bodyTimeout: 5000 });
  const text = await res.body.text();
  const s = parsePromText(text);
  return {
    dbReads: sumMetric(s, 'scaleladder_db_queries_total', { kind: 'read' }),
    dbWrites: sumMetric(s, 'scaleladder_db_queries_total', { kind: 'write' }),
    redirects: sumMetric(s, 'scaleladder_http_requests_total', { route: 'redirect' }),
    busyRetries: sumMetric(s, 'scaleladder_db_busy_retries_total'),
    busyTimeouts: sumMetric(s, 'scaleladder_db_busy_timeouts_total'),
    redisHits: sumMetric(s, 'scaleladder_cache_hits_total', { layer: 'redis' }),
    redisMisses: sumMetric(s, 'scaleladder_cache_misses_total', { layer: 'redis' }),
    localHits: sumMetric(s, 'scaleladder_cache_hits_total', { layer: 'local' }),
    localMisses: sumMetric(s, 'scaleladder_cache_misses_total', { layer: 'local' }),
    lockWaits: sumMetric(s, 'scaleladder_cache_lock_waits_total'),
    fallbacks: sumMetric(s, 'scaleladder_cache_fallbacks_total'),
    breakerOpens: sumMetric(s, 'scaleladder_cache_breaker_opens_total'),
    earlyRefreshes: sumMetric(s, 'scaleladder_cache_early_refreshes_total'),
    // Behind a balancer: redirects it stamped (X-Request-Start), their wait before the app and their time to the answer.
    lbStamped: sumMetric(s, 'scaleladder_lb_stamped_requests_total'),
    lbQueueSeconds: sumMetric(s, 'scaleladder_lb_queue_seconds_total'),
    lbResidenceSeconds: sumMetric(s, 'scaleladder_lb_residence_seconds_total'),
    eventLoopDelayP99Ms: sumMetric(s, 'scaleladder_event_loop_delay_seconds', { quantile: '0.99' }) * 1000,
    eventLoopDelayMaxMs: sumMetric(s, 'scaleladder_event_loop_delay_max_seconds') * 1000,
    // Garbage-collection pauses (wall time): total since start, longest since the last reset.
    gcPauseSeconds: sumMetric(s, 'scaleladder_gc_pause_seconds_total'),
    gcPauseMaxMs: sumMetric(s, 'scaleladder_gc_pause_max_seconds') * 1000,
    // Stage 5 (zeros before): writes per shard, write-behind flushes, pending clicks.
    ...shardCounters(s),
    // Click writes by where they went (DB statements, Redis increments with write-through).
    ...clickCounters(s),
    // With postgres (zeros on SQLite): queries by server and kind, pool waits, replica misses.
    ...pgCounters(s),
  };
}

/** Per-app copies of these counters are kept as `<name>#<index in the list>`, for figures of the spread between apps. */
const PER_APP = ['redirects', 'lbResidenceSeconds'] as const;

/** Gauges of one process that several apps combine by taking the worst, not the sum. */
const WORST_OF = (k: string): boolean => k.startsWith('eventLoopDelay') || k === 'pgLagBoundMs' || k === 'gcPauseMaxMs';

/** Counters of several app processes: sums, except the gauges of WORST_OF (the worst process's); plus how many and when they were read. */
export async function readAppsCounters(baseUrls: string[], reset = false): Promise<StageCounters> {
  const all = await Promise.all(baseUrls.map((u) => readAppCounters(u, reset)));
  const out: StageCounters = {};
  all.forEach((c, i) => {
    for (const [k, v] of Object.entries(c)) out[k] = WORST_OF(k) ? Math.max(out[k] ?? 0, v) : (out[k] ?? 0) + v;
    if (all.length > 1) for (const k of PER_APP) out[`${k}#${i}`] = c[k] ?? 0;
  });
  out.appsRead = all.length;
  out.readAtMs = Date.now();
  return out;
}

/** Figures of one step from two scrapes: DB reads per redirect, cache hit ratios, busy retries, event-loop delay. */
export function appFigures(before: StageCounters, after: StageCounters): StepFigures {
  const d = (k: string) => (after[k] ?? 0) - (before[k] ?? 0);
  const redirects = d('redirects');
  const figures: StepFigures = {
    redirects,
    dbReadsPerRedirect: redirects > 0 ? round(d('dbReads') / redirects) : 0,
    dbWrites: d('dbWrites'),
    sqliteBusyRetries: d('busyRetries'),
    sqliteBusyTimeouts: d('busyTimeouts'),
    eventLoopDelayP99Ms: round(after.eventLoopDelayP99Ms ?? 0),
    eventLoopDelayMaxMs: round(after.eventLoopDelayMaxMs ?? 0),
    ...gcFigures(before, after),
  };
  const redisLookups = d('redisHits') + d('redisMisses');
  if (redisLookups > 0) {
    figures.cacheHitRatio = round(d('redisHits') / redisLookups);
    figures.cacheLockWaits = d('lockWaits');
    figures.cacheFallbacks = d('fallbacks');
    figures.cacheEarlyRefreshes = d('earlyRefreshes');
  }
  const localLookups = d('localHits') + d('localMisses');
  if (localLookups > 0) figures.localHitRatio = round(d('localHits') / localLookups);
  if (redirects > 0 && redisLookups > 0) figures.redisReadsPerRedirect = round(redisLookups / redirects);
  return { ...figures, ...balancerQueueFigures(before, after) };
}

/**
 * The apps' garbage-collection pauses over the step: the longest one (worst app), and the share of the wall time an app
 * spent in them on average. Absent when the apps do not report GC (an older app) or the wall time is unknown.
 */
export function gcFigures(before: StageCounters, after: StageCounters): StepFigures {
  if (after.gcPauseMaxMs === undefined) return {};
  const wallS = ((after.readAtMs ?? 0) - (before.readAtMs ?? 0)) / 1000;
  const apps = after.appsRead ?? 1;
  const out: StepFigures = { gcPauseMaxMs: round(after.gcPauseMaxMs) };
  if (wallS > 0) out.gcPauseShare = round(Math.max(0, (after.gcPauseSeconds ?? 0) - (before.gcPauseSeconds ?? 0)) / (wallS * apps), 4);
  return out;
}

/**
 * Behind a balancer that stamps X-Request-Start: the mean wait between balancer and app (ms), and per app the mean
 * number of redirects in its queue and service over the step (Σ residence ÷ wall time, Little's law): the most and
 * least loaded app, and the largest share of redirects one app got.
 */
export function balancerQueueFigures(before: StageCounters, after: StageCounters): StepFigures {
  const d = (k: string) => (after[k] ?? 0) - (before[k] ?? 0);
  const stamped = d('lbStamped');
  const wallS = d('readAtMs') / 1000;
  if (!(stamped > 0 && wallS > 0)) return {};
  const apps = Object.keys(after).filter((k) => k.startsWith('lbResidenceSeconds#')).map((k) => k.slice(k.indexOf('#')));
  const out: StepFigures = { lbQueueMsMean: round((d('lbQueueSeconds') * 1000) / stamped) };
  if (apps.length > 1) {
    const inFlight = apps.map((i) => d(`lbResidenceSeconds${i}`) / wallS);
    const share = apps.map((i) => d(`redirects${i}`) / Math.max(1, d('redirects')));
    out.appInFlightMeanMax = round(Math.max(...inFlight));
    out.appInFlightMeanMin = round(Math.min(...inFlight));
    out.appRedirectShareMax = round(Math.max(...share));
  }
  return out;
}
