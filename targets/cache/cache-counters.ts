// The cache-aside reader's counters, a plain object of numbers so the app's /metrics can print them as they are.

/** Monotonic counters (since the reader was created), plus `breakerIsOpen` (a 0/1 gauge). */
export interface CacheCounters {
  /** Calls to `get`. */
  lookups: number;
  /** Positive entries served from Redis. */
  hits: number;
  /** Lookups that found no entry in Redis (before any lock wait). */
  misses: number;
  /** Negative entries (known-unknown codes) served from Redis. */
  negativeHits: number;
  /** Misses that joined another in-process rebuild of the same code instead of doing their own. */
  coalesced: number;
  /** Misses that lost the rebuild lock and waited for the winner's fill. */
  lockWaits: number;
  /** Lock waits that gave up after `lockWaitMs` and read the DB themselves. */
  lockTimeouts: number;
  /** Hits refreshed early by XFetch. */
  earlyRefreshes: number;
  /** Lookups answered from the DB because Redis failed or the breaker was open. */
  fallbacks: number;
  /** Calls to the wrapped source's `getByCode` (every cause). */
  dbReads: number;
  /** Redis commands that failed (timeouts, connection down). */
  redisErrors: number;
  /** Times the circuit breaker opened. */
  breakerOpen: number;
  /** 1 while the breaker is open or half-open, else 0. */
  breakerIsOpen: number;
  /** Successful `invalidate` calls. */
  invalidations: number;
  /** `invalidate` calls that could not reach Redis (the entry lives until its TTL). */
  invalidateFailures: number;
}

export function zeroCounters(): CacheCounters {
  return {
    lookups: 0,
    hits: 0,
    misses: 0,
    negativeHits: 0,
    coalesced: 0,
    lockWaits: 0,
    lockTimeouts: 0,
    earlyRefreshes: 0,
    fallbacks: 0,
    dbReads: 0,
    redisErrors: 0,
    breakerOpen: 0,
    breakerIsOpen: 0,
    invalidations: 0,
    invalidateFailures: 0,
  };
}
