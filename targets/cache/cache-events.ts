// Notable things the cache-aside reader does, reported to an optional listener (tests, debug logs).
import type { BreakerState } from './circuit-breaker.ts';

export type CacheEvent =
  /** A hit refreshed early by XFetch: `remainingMs` before the entry's logical expiry, `deltaMs` its recompute cost. */
  | { type: 'early-refresh'; code: string; remainingMs: number; deltaMs: number }
  /** A lookup answered from the DB because Redis failed or the breaker is open. */
  | { type: 'fallback'; code: string; reason: 'breaker-open' | 'redis-error' }
  /** The breaker changed state. */
  | { type: 'breaker'; state: BreakerState }
  /** A Redis command failed (timeout, connection down, ...). */
  | { type: 'redis-error'; message: string };
