// Prometheus text for the cache counters the app's own metrics do not carry yet (lock waits, fallbacks, breaker, LRU).
import type { CacheCounters } from './cache-counters.ts';
import type { LocalLruCounters } from './local-lru.ts';

/** What the app's AppMetrics offers for per-layer hits and misses (`metrics.cacheLayer('redis')`). */
export type CacheLayerSink = (layer: string) => { hits: number; misses: number };

/**
 * Copies hits and misses into the app's per-layer counters (`scaleladder_cache_{hits,misses}_total{layer}`), at scrape
 * time. A negative hit is a hit (Redis answered); a lookup answered from the DB (miss, fallback) is a miss.
 */
export function syncCacheLayers(sink: CacheLayerSink, redis: CacheCounters, local?: LocalLruCounters): void {
  const r = sink('redis');
  r.hits = redis.hits + redis.negativeHits;
  r.misses = redis.lookups - r.hits;
  if (local !== undefined) {
    const l = sink('local');
    l.hits = local.hits;
    l.misses = local.misses;
  }
}

/** Families beyond hits/misses, in Prometheus text format 0.0.4 (append to the app's /metrics body). */
export function cacheMetricsText(redis: CacheCounters, local?: LocalLruCounters): string {
  const out: string[] = [];
  const counter = (name: string, help: string, value: number): void => {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`, `${name} ${value}`);
  };
  counter('scaleladder_cache_lookups_total', 'Lookups through the Redis cache-aside reader.', redis.lookups);
  counter('scaleladder_cache_negative_hits_total', 'Unknown codes answered from a negative Redis entry.', redis.negativeHits);
  counter('scaleladder_cache_coalesced_total', 'Misses that joined a rebuild already running in this process.', redis.coalesced);
  counter('scaleladder_cache_lock_waits_total', 'Misses that lost the single-flight lock and waited for the fill.', redis.lockWaits);
  counter('scaleladder_cache_lock_timeouts_total', 'Lock waits that gave up and read the DB.', redis.lockTimeouts);
  counter('scaleladder_cache_early_refreshes_total', 'Entries refreshed early by XFetch.', redis.earlyRefreshes);
  counter('scaleladder_cache_fallbacks_total', 'Lookups answered from the DB because Redis failed or the breaker was open.', redis.fallbacks);
  counter('scaleladder_cache_db_reads_total', 'DB reads made by the cache reader (every cause).', redis.dbReads);
  counter('scaleladder_cache_redis_errors_total', 'Redis commands that failed or timed out.', redis.redisErrors);
  counter('scaleladder_cache_breaker_opens_total', 'Times the Redis circuit breaker opened.', redis.breakerOpen);
  out.push('# HELP scaleladder_cache_breaker_open 1 while the Redis circuit breaker is open or half-open.', '# TYPE scaleladder_cache_breaker_open gauge');
  out.push(`scaleladder_cache_breaker_open ${redis.breakerIsOpen}`);
  counter('scaleladder_cache_invalidations_total', 'Entries deleted from Redis (DELETE, create).', redis.invalidations);
  counter('scaleladder_cache_invalidate_failures_total', 'Invalidations that could not reach Redis.', redis.invalidateFailures);
  if (local !== undefined) {
    counter('scaleladder_cache_local_evictions_total', 'Entries evicted from the in-process LRU (size bound).', local.evictions);
    out.push('# HELP scaleladder_cache_local_entries Entries in the in-process LRU.', '# TYPE scaleladder_cache_local_entries gauge');
    out.push(`scaleladder_cache_local_entries ${local.size}`);
  }
  return out.join('\n') + '\n';
}
