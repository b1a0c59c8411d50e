// One call that gives an app process its whole cache stack: Redis client, cache-aside reader, optional local LRU and delete fan-out.
import { CachedLinkReader } from './cache-aside.ts';
import type { CacheCounters } from './cache-counters.ts';
import { cacheMetricsText, syncCacheLayers, type CacheLayerSink } from './cache-metrics.ts';
import { DEFAULT_CACHE_OPTIONS, type CacheOptions } from './cache-options.ts';
import { startInvalidationBus, type InvalidationBus } from './invalidation-bus.ts';
import { LayeredLinkReader } from './layered-link-reader.ts';
import type { LinkReader, LinkSource } from './link-source.ts';
import { LocalLru, type LocalLruCounters, type LocalLruOptions } from './local-lru.ts';
import { createCacheClient, redisReady, type CacheRedisOptions } from './redis-client.ts';

export interface LinkCacheOptions {
  /** e.g. 'redis://127.0.0.1:6380' (the harness's redis-server `url`), or 'redis-cluster://127.0.0.1:p1,127.0.0.1:p2,…' (a Redis Cluster). */
  redisUrl: string;
  /** Client bounds (command timeout etc.); `url` is taken from `redisUrl`. */
  redis?: Omit<CacheRedisOptions, 'url'>;
  /** Cache-aside tunables (TTL, jitter, lock, XFetch, breaker). */
  cache?: CacheOptions;
  /** Stage 3: an in-process LRU in front of Redis (default: none). */
  local?: LocalLruOptions;
  /** With a local LRU: fan deletes out to every process over Redis pub/sub (default true). */
  broadcastInvalidations?: boolean;
  /** How long to wait for Redis at start before serving in fallback (default 2_000 ms). */
  readyTimeoutMs?: number;
}

export interface LinkCache<L> {
  /** What the routes read through: `get(code)` for redirects, `invalidate(code)` on DELETE and on create. */
  readonly reader: LinkReader<L>;
  /** Whether Redis answered at start (false: the app serves from the DB until it comes back). */
  readonly redisReadyAtStart: boolean;
  counters(): { redis: CacheCounters; local?: LocalLruCounters };
  /** Copies hits/misses into the app's per-layer counters, then returns the extra Prometheus families to append. */
  metricsText(sink?: CacheLayerSink): string;
  /** Closes the subscriber and the client; safe to call twice. */
  close(): Promise<void>;
}

export async function createLinkCache<L>(source: LinkSource<L>, options: LinkCacheOptions): Promise<LinkCache<L>> {
  const { redisUrl, redis: redisOptions = {}, cache = {}, local, broadcastInvalidations = true, readyTimeoutMs = 2_000 } = options;
  const redis = createCacheClient({ ...redisOptions, url: redisUrl });
  const redisReadyAtStart = await redisReady(redis, readyTimeoutMs);
  const remote = new CachedLinkReader<L>({ redis, source, options: cache });
  let reader: LinkReader<L> = remote;
  let lru: LocalLru<L | null> | undefined;
  let bus: InvalidationBus | undefined;
  if (local !== undefined) {
    const localLru = new LocalLru<L | null>(local);
    lru = localLru;
    if (broadcastInvalidations && redisReadyAtStart) bus = await startInvalidationBus(redis, (code) => localLru.delete(code));
    const fanOut = bus;
    reader = new LayeredLinkReader<L>({
      local: localLru,
      remote,
      // An unknown code is kept locally no longer than Redis keeps its negative entry.
      negativeTtlMs: Math.min(localLru.ttlMs, cache.negativeTtlMs ?? DEFAULT_CACHE_OPTIONS.negativeTtlMs),
      broadcast: fanOut ? (code) => fanOut.publish(code) : undefined,
    });
  }
  let closed = false;
  return {
    reader,
    redisReadyAtStart,
    counters: () => ({ redis: remote.counters(), ...(lru ? { local: lru.counters() } : {}) }),
    metricsText(sink) {
      const c = remote.counters();
      const l = lru?.counters();
      if (sink !== undefined) syncCacheLayers(sink, c, l);
      return cacheMetricsText(c, l);
    },
    async close() {
      if (closed) return;
      closed = true;
      await bus?.close();
      redis.disconnect();
    },
  };
}
