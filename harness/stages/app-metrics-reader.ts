// Scrapes an app process's /metrics into the flat counters the bench takes differences of.
import { request } from 'undici';
import { parsePromText, sumMetric } from '../measure/prom-text.ts';
import type { StageCounters } from './stage-types.ts';

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
    cacheHits: sumMetric(s, 'scaleladder_cache_hits_total'),
    cacheMisses: sumMetric(s, 'scaleladder_cache_misses_total'),
    eventLoopDelayP99Ms: sumMetric(s, 'scaleladder_event_loop_delay_seconds', { quantile: '0.99' }) * 1000,
    eventLoopDelayMaxMs: sumMetric(s, 'scaleladder_event_loop_delay_max_seconds') * 1000,
  };
}

/** Figures of one step from two scrapes: DB reads per redirect, busy retries, event-loop delay. */
export function appFigures(before: StageCounters, after: StageCounters): Record<string, number> {
  const d = (k: string) => (after[k] ?? 0) - (before[k] ?? 0);
  const redirects = d('redirects');
  const figures: Record<string, number> = {
    redirects,
    dbReadsPerRedirect: redirects > 0 ? round(d('dbReads') / redirects) : 0,
    dbWrites: d('dbWrites'),
    sqliteBusyRetries: d('busyRetries'),
    sqliteBusyTimeouts: d('busyTimeouts'),
    eventLoopDelayP99Ms: round(after.eventLoopDelayP99Ms ?? 0),
    eventLoopDelayMaxMs: round(after.eventLoopDelayMaxMs ?? 0),
  };
  const lookups = d('cacheHits') + d('cacheMisses');
  if (lookups > 0) figures.cacheHitRatio = round(d('cacheHits') / lookups);
  return figures;
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
