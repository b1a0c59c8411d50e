// Freshness lifetime (RFC 9111 §4.2.1, heuristics §4.2.2) and age (§4.2.3) of a response in a shared cache.
import { DELTA_SECONDS_MAX } from './cache-control-parse.ts';
import { first, type InHeaders } from './header-fields.ts';
import { parseHttpDate } from './http-date.ts';
import type { ResponseDirectives } from './response-directives.ts';

/** Status codes defined as heuristically cacheable (RFC 9110 §15.1). */
export const HEURISTICALLY_CACHEABLE = new Set([200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501]);

export interface HeuristicOptions {
  /** Fraction of (Date − Last-Modified) used as freshness (RFC 9111 §4.2.2 suggests 10 %). */
  fraction: number;
  /** Upper bound of a heuristic lifetime, seconds. */
  maxS: number;
}

export interface Lifetime {
  seconds: number;
  /** True when the lifetime came from explicit information (s-maxage, max-age, Expires). */
  explicit: boolean;
}

/**
 * Shared-cache freshness lifetime: s-maxage, else max-age, else Expires − Date (unless a targeted field is in use),
 * else a heuristic from Last-Modified for heuristically cacheable statuses or `public` responses, else 0.
 * An invalid max-age/s-maxage means stale (0), without falling back to Expires (§4.2.1).
 */
export function freshnessLifetime(status: number, d: ResponseDirectives, h: InHeaders, dateMs: number, heuristic: HeuristicOptions): Lifetime {
  if (d.sMaxage !== undefined) return { seconds: Number.isNaN(d.sMaxage) ? 0 : d.sMaxage, explicit: true };
  if (d.maxAge !== undefined) return { seconds: Number.isNaN(d.maxAge) ? 0 : d.maxAge, explicit: true };
  if (d.source === 'cache-control' && h.expires !== undefined) {
    // An invalid Expires, e.g. "0", means already expired (RFC 9111 §5.3).
    const expires = parseHttpDate(h.expires);
    return { seconds: expires === undefined ? 0 : Math.max(0, (expires - dateMs) / 1000), explicit: true };
  }
  if (HEURISTICALLY_CACHEABLE.has(status) || d.public) {
    const lm = parseHttpDate(h['last-modified']);
    if (lm !== undefined && dateMs > lm) return { seconds: Math.min(heuristic.maxS, ((dateMs - lm) / 1000) * heuristic.fraction), explicit: false };
  }
  return { seconds: 0, explicit: false };
}

/** True when the response carries explicit expiration information for this cache. */
export function hasExplicitExpiration(d: ResponseDirectives, h: InHeaders): boolean {
  return d.sMaxage !== undefined || d.maxAge !== undefined || (d.source === 'cache-control' && h.expires !== undefined);
}

/** The Age field value: a non-negative integer (first of a list), else 0 (an invalid Age is ignored). */
export function ageValue(h: InHeaders): number {
  const raw = first(h, 'age');
  if (raw === undefined) return 0;
  const v = raw.split(',')[0].trim();
  if (!/^[0-9]+$/.test(v)) return 0;
  return Math.min(Number(v), DELTA_SECONDS_MAX);
}

/**
 * corrected_initial_age = max(apparent_age, Age + response_delay), where apparent_age = max(0, response_time −
 * date_value) and response_delay = response_time − request_time (RFC 9111 §4.2.3). Seconds.
 */
export function correctedInitialAge(h: InHeaders, requestTimeMs: number, responseTimeMs: number): number {
  const date = parseHttpDate(h.date);
  const apparent = date === undefined ? 0 : Math.max(0, (responseTimeMs - date) / 1000);
  const corrected = ageValue(h) + Math.max(0, responseTimeMs - requestTimeMs) / 1000;
  return Math.max(apparent, corrected);
}
