// Every tunable of the cache-aside reader in one typed object, with documented defaults merged and checked once.
import type { CacheEvent } from './cache-events.ts';
import { stripUndefined } from '../../harness/options/strip-undefined.ts';

/** Tunables of `CachedLinkReader`. Every field is optional; the default is written on the field. */
export interface CacheOptions {
  /** Base TTL of a cached link, ms. Default 300_000 (5 min). */
  ttlMs?: number;
  /** TTL jitter as a fraction of `ttlMs`: each fill lives ttlMs × (1 ± jitter), uniform, so keys filled together do not expire together. Default 0.1. */
  ttlJitter?: number;
  /** TTL of a negative entry (an unknown code), ms. Default 10_000. */
  negativeTtlMs?: number;
  /** Lifetime of the single-flight rebuild lock (`SET lock:<code> <token> NX PX <ms>`), ms; bounds how long a crashed winner blocks others. Default 2_000. */
  lockTtlMs?: number;
  /** How long a process that lost the lock polls for the winner's fill before reading the DB itself, ms. Default 100. */
  lockWaitMs?: number;
  /** Poll interval while waiting for the winner's fill, ms. Default 5. */
  lockPollMs?: number;
  /** XFetch β: > 1 refreshes earlier, < 1 later, 0 disables early refresh. Default 1 (Vattani et al., VLDB 2015). */
  xfetchBeta?: number;
  /** Consecutive Redis failures that open the circuit breaker. Default 5. */
  breakerFailures?: number;
  /** Time the breaker stays open before one half-open probe, ms. Default 1_000. */
  breakerCooldownMs?: number;
  /** Coalesce concurrent misses of one code inside this process onto one rebuild (saves Redis round trips). Default true. */
  coalesceInProcess?: boolean;
  /** Single-flight rebuild (in-process coalescing and the cross-process lock). false: every miss reads the source and fills — the stampede, kept only to measure it (hot-key-expiry fault). Default true. */
  singleFlight?: boolean;
  /** Prefix of every key this reader writes (value `<prefix>link:<code>`, lock `<prefix>lock:<code>`). Default ''. */
  keyPrefix?: string;
  /** Clock, epoch ms (a seam for tests). Default `Date.now`. */
  now?: () => number;
  /** Uniform random in [0, 1) (a seam for tests). Default `Math.random`. */
  random?: () => number;
  /** Called with every notable event (early refresh, fallback, breaker change); for tests and debug logging. Default: none. */
  onEvent?: (event: CacheEvent) => void;
}

export type ResolvedCacheOptions = Required<Omit<CacheOptions, 'onEvent'>> & Pick<CacheOptions, 'onEvent'>;

export const DEFAULT_CACHE_OPTIONS: Readonly<Required<Omit<CacheOptions, 'onEvent' | 'now' | 'random'>>> = Object.freeze({
  ttlMs: 300_000,
  ttlJitter: 0.1,
  negativeTtlMs: 10_000,
  lockTtlMs: 2_000,
  lockWaitMs: 100,
  lockPollMs: 5,
  xfetchBeta: 1,
  breakerFailures: 5,
  breakerCooldownMs: 1_000,
  coalesceInProcess: true,
  singleFlight: true,
  keyPrefix: '',
});

function check(ok: boolean, rule: string, got: unknown): void {
  if (!ok) throw new RangeError(`cache option ${rule}, got ${String(got)}`);
}

/** Merges the defaults once and rejects values that could not work, with the rule in the message. */
export function resolveCacheOptions(options: CacheOptions = {}): ResolvedCacheOptions {
  const { now = Date.now, random = Math.random, onEvent, ...rest } = options;
  const o = { ...DEFAULT_CACHE_OPTIONS, ...stripUndefined(rest), now, random, onEvent };
  check(o.ttlMs >= 1, 'ttlMs must be >= 1', o.ttlMs);
  check(o.ttlJitter >= 0 && o.ttlJitter < 1, 'ttlJitter must be between 0 and 1 (exclusive)', o.ttlJitter);
  check(o.negativeTtlMs >= 1, 'negativeTtlMs must be >= 1', o.negativeTtlMs);
  check(o.lockTtlMs >= 1, 'lockTtlMs must be >= 1', o.lockTtlMs);
  check(o.lockWaitMs >= 0, 'lockWaitMs must be >= 0', o.lockWaitMs);
  check(o.lockPollMs >= 1, 'lockPollMs must be >= 1', o.lockPollMs);
  check(o.xfetchBeta >= 0, 'xfetchBeta must be >= 0', o.xfetchBeta);
  check(Number.isInteger(o.breakerFailures) && o.breakerFailures >= 1, 'breakerFailures must be an integer >= 1', o.breakerFailures);
  check(o.breakerCooldownMs >= 0, 'breakerCooldownMs must be >= 0', o.breakerCooldownMs);
  return o;
}
