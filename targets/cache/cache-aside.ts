// Cache-aside reads of links through Redis: jittered TTLs, single-flight rebuild, XFetch early refresh, negative caching, and a DB fallback behind a breaker.
import { performance } from 'node:perf_hooks';
import type { CacheRedis } from './redis-client.ts';
import { CircuitBreaker } from './circuit-breaker.ts';
import { zeroCounters, type CacheCounters } from './cache-counters.ts';
import { decodeEntry, encodeEntry, type CacheEntry } from './cache-entry.ts';
import type { CacheEvent } from './cache-events.ts';
import { resolveCacheOptions, type CacheOptions, type ResolvedCacheOptions } from './cache-options.ts';
import type { LinkReader, LinkSource } from './link-source.ts';
import { lockToken, releaseLock, tryLock } from './rebuild-lock.ts';
import { jitteredTtlMs } from './ttl-jitter.ts';
import { xfetchShouldRefresh } from './xfetch.ts';

export interface CachedLinkReaderInit<L> {
  /** A client from `createCacheRedis` (bounded timeouts, no offline queue). The reader does not close it. */
  redis: CacheRedis;
  /** The source of truth, e.g. the app's LinkStore over SQLite. */
  source: LinkSource<L>;
  options?: CacheOptions;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Reads links cache-aside. A lookup never fails because of the cache: any Redis error or an open breaker
 * answers from the source (counted as a fallback). Values must be JSON-serializable.
 */
export class CachedLinkReader<L> implements LinkReader<L> {
  readonly #redis: CacheRedis;
  readonly #source: LinkSource<L>;
  readonly #o: ResolvedCacheOptions;
  readonly #breaker: CircuitBreaker;
  readonly #c: CacheCounters = zeroCounters();
  readonly #inflight = new Map<string, Promise<L | undefined>>();

  constructor(init: CachedLinkReaderInit<L>) {
    this.#redis = init.redis;
    this.#source = init.source;
    this.#o = resolveCacheOptions(init.options);
    this.#breaker = new CircuitBreaker({
      failureThreshold: this.#o.breakerFailures,
      cooldownMs: this.#o.breakerCooldownMs,
      now: this.#o.now,
      onChange: (state) => this.#emit({ type: 'breaker', state }),
    });
  }

  /** A copy of the counters, for /metrics. */
  counters(): CacheCounters {
    return { ...this.#c, breakerOpen: this.#breaker.opens, breakerIsOpen: this.#breaker.state === 'closed' ? 0 : 1 };
  }

  get breakerState(): CircuitBreaker['state'] {
    return this.#breaker.state;
  }

  /** The link for `code`, or undefined when it does not exist. */
  async get(code: string): Promise<L | undefined> {
    this.#c.lookups++;
    const t0 = performance.now();
    if (!this.#breaker.allow()) return this.#fallback(code, 'breaker-open');
    let raw: string | null;
    try {
      raw = await this.#redis.get(this.#valueKey(code));
      this.#breaker.success();
    } catch (e) {
      this.#failed(e);
      return this.#fallback(code, 'redis-error');
    }
    const entry = raw === null ? undefined : decodeEntry<L>(raw);
    if (entry !== undefined) return this.#serveHit(code, entry, t0);
    this.#c.misses++;
    return this.#rebuild(code, t0);
  }

  /** Deletes the cached entry (positive or negative) of `code`; false when Redis could not be reached (it then lives until its TTL). */
  async invalidate(code: string): Promise<boolean> {
    try {
      await this.#redis.del(this.#valueKey(code));
      this.#breaker.success();
      this.#c.invalidations++;
      return true;
    } catch (e) {
      this.#failed(e);
      this.#c.invalidateFailures++;
      return false;
    }
  }

  async #serveHit(code: string, entry: CacheEntry<L>, t0: number): Promise<L | undefined> {
    if (entry.v === null) {
      this.#c.negativeHits++;
      return undefined;
    }
    this.#c.hits++;
    const now = this.#o.now();
    if (this.#o.xfetchBeta > 0 && xfetchShouldRefresh(now, entry.d, this.#o.xfetchBeta, entry.x, this.#o.random)) {
      this.#c.earlyRefreshes++;
      this.#emit({ type: 'early-refresh', code, remainingMs: entry.x - now, deltaMs: entry.d });
      return this.#fill(code, t0);
    }
    return entry.v;
  }

  #rebuild(code: string, t0: number): Promise<L | undefined> {
    if (!this.#o.singleFlight) return this.#fill(code, t0);
    if (!this.#o.coalesceInProcess) return this.#rebuildShared(code, t0);
    const pending = this.#inflight.get(code);
    if (pending !== undefined) {
      this.#c.coalesced++;
      return pending;
    }
    const p = this.#rebuildShared(code, t0).finally(() => this.#inflight.delete(code));
    this.#inflight.set(code, p);
    return p;
  }

  /**
   * Single flight across processes: the lock winner reads the source and fills; the others poll for the fill, bounded.
   * Round trips of a miss: the lock attempt and the winner's double-check read go out together (one round trip, in
   * that order on one connection), and the fill's SET and the lock release likewise: 3 round trips in all, not 5.
   */
  async #rebuildShared(code: string, t0: number): Promise<L | undefined> {
    const lockKey = this.#lockKey(code);
    const token = lockToken();
    const [lock, check] = await Promise.allSettled([
      tryLock(this.#redis, lockKey, token, this.#o.lockTtlMs),
      this.#redis.get(this.#valueKey(code)),
    ]);
    if (lock.status === 'rejected') {
      this.#failed(lock.reason);
      return this.#fallback(code, 'redis-error');
    }
    this.#breaker.success();
    if (lock.value) {
      let released = false;
      const release = (): void => {
        if (released) return;
        released = true;
        void releaseLock(this.#redis, lockKey, token);
      };
      try {
        // Double-check: an earlier winner may have filled and released between our GET and our SET NX.
        if (check.status === 'rejected') {
          this.#failed(check.reason);
          return this.#fallback(code, 'redis-error');
        }
        const filled = check.value === null ? undefined : decodeEntry<L>(check.value);
        if (filled !== undefined) return filled.v ?? undefined;
        return await this.#fill(code, t0, release);
      } finally {
        release();
      }
    }
    this.#c.lockWaits++;
    const deadline = performance.now() + this.#o.lockWaitMs;
    while (performance.now() < deadline) {
      await sleep(Math.min(this.#o.lockPollMs, Math.max(1, deadline - performance.now())));
      const filled = await this.#readEntry(code);
      if (filled === 'error') return this.#fallback(code, 'redis-error');
      if (filled !== undefined) return filled.v ?? undefined;
    }
    this.#c.lockTimeouts++;
    return this.#fill(code, t0);
  }

  /** The stored entry, undefined when absent, 'error' when Redis failed. */
  async #readEntry(code: string): Promise<CacheEntry<L> | undefined | 'error'> {
    try {
      const raw = await this.#redis.get(this.#valueKey(code));
      this.#breaker.success();
      return raw === null ? undefined : decodeEntry<L>(raw);
    } catch (e) {
      this.#failed(e);
      return 'error';
    }
  }

  /**
   * Reads the source and writes the entry; XFetch's delta is the time since this lookup began (what a miss costs a reader).
   * `afterWrite` (the lock release) is sent right behind the SET, without waiting for its reply.
   */
  async #fill(code: string, t0: number, afterWrite?: () => void): Promise<L | undefined> {
    const value = await this.#readSource(code);
    const deltaMs = Math.round((performance.now() - t0) * 1000) / 1000;
    const ttlMs = jitteredTtlMs(value === undefined ? this.#o.negativeTtlMs : this.#o.ttlMs, this.#o.ttlJitter, this.#o.random);
    const entry: CacheEntry<L> = { v: value ?? null, d: deltaMs, x: this.#o.now() + ttlMs };
    try {
      const written = this.#redis.set(this.#valueKey(code), encodeEntry(entry), 'PX', ttlMs);
      afterWrite?.();
      await written;
      this.#breaker.success();
    } catch (e) {
      this.#failed(e); // the answer stands; the next lookup tries again
    }
    return value;
  }

  /**
   * A cache warmer's write: each link as a fill would store it (same jittered TTL, no XFetch delta), 200 SETs in
   * flight at a time (ioredis queues them; a cluster client routes each key to its node), so no command waits long
   * enough to hit the client's command timeout. Returns the count.
   */
  async warm(links: readonly (readonly [string, L])[]): Promise<number> {
    for (let i = 0; i < links.length; i += 200) {
      await Promise.all(
        links.slice(i, i + 200).map(([code, value]) => {
          const ttlMs = jitteredTtlMs(this.#o.ttlMs, this.#o.ttlJitter, this.#o.random);
          return this.#redis.set(this.#valueKey(code), encodeEntry<L>({ v: value, d: 0, x: this.#o.now() + ttlMs }), 'PX', ttlMs);
        }),
      );
    }
    return links.length;
  }

  #fallback(code: string, reason: 'breaker-open' | 'redis-error'): L | undefined | Promise<L | undefined> {
    this.#c.fallbacks++;
    this.#emit({ type: 'fallback', code, reason });
    return this.#readSource(code);
  }

  #readSource(code: string): L | undefined | Promise<L | undefined> {
    this.#c.dbReads++;
    return this.#source.getByCode(code);
  }

  #failed(e: unknown): void {
    this.#c.redisErrors++;
    this.#breaker.failure();
    this.#emit({ type: 'redis-error', message: e instanceof Error ? e.message : String(e) });
  }

  #emit(event: CacheEvent): void {
    this.#o.onEvent?.(event);
  }

  #valueKey(code: string): string {
    return `${this.#o.keyPrefix}link:${code}`;
  }

  #lockKey(code: string): string {
    return `${this.#o.keyPrefix}lock:${code}`;
  }
}
