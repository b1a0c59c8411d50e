// A stored response and how it is built from an upstream response: freshness, stale windows, validators, keys.
import { correctedInitialAge, freshnessLifetime, type HeuristicOptions } from './freshness.ts';
import { first, headerBytes, joined, storedHeaders, type HeaderMap, type InHeaders } from './header-fields.ts';
import { formatHttpDate, parseHttpDate } from './http-date.ts';
import type { ResponseDirectives } from './response-directives.ts';
import { varyKeyFor, varyNames, type VaryKey } from './vary.ts';

export interface StoredResponse {
  /** Primary cache key: the request target (path and query). */
  readonly key: string;
  readonly status: number;
  /** Stored header fields (lower-case), as served downstream apart from Age and this CDN's own fields. */
  readonly headers: HeaderMap;
  readonly body: Buffer;
  /** Bytes charged against the cache bound. */
  readonly bytes: number;
  readonly responseTimeMs: number;
  /** corrected_initial_age, seconds (RFC 9111 §4.2.3). */
  readonly initialAgeS: number;
  readonly lifetimeS: number;
  /** When the response turns stale (ms); a soft purge moves it to the purge time. */
  expiresAtMs: number;
  /** stale-while-revalidate / stale-if-error windows (s), 0 when this response may not be served stale. */
  readonly swrS: number;
  readonly sieS: number;
  /** False when no-cache, must-revalidate, proxy-revalidate (or s-maxage alone) forbid serving it stale. */
  readonly staleAllowed: boolean;
  /** Unqualified no-cache: every reuse needs a successful validation. */
  readonly noCache: boolean;
  readonly etag?: string;
  readonly lastModified?: string;
  readonly vary: VaryKey | null;
  readonly surrogateKeys: readonly string[];
  /** Fields a qualified no-cache/private keeps out of the store (applied again when a 304 updates it). */
  readonly omit: readonly string[];
  /** Output header list cached by the HTTP front (owned by it). */
  clientHead: string[] | null;
  /** The Age text served last on the hit path, valid while the clock is before `ageUntilMs` (owned by the front). */
  ageText: string;
  ageUntilMs: number;
}

export interface BuildInput {
  key: string;
  status: number;
  req: InHeaders;
  res: InHeaders;
  body: Buffer;
  d: ResponseDirectives;
  requestTimeMs: number;
  responseTimeMs: number;
  heuristic: HeuristicOptions;
}

/** Seconds a stored response has been around now: corrected_initial_age + resident_time (RFC 9111 §4.2.3). */
export function currentAge(e: StoredResponse, nowMs: number): number {
  return e.initialAgeS + (nowMs - e.responseTimeMs) / 1000;
}

/**
 * The Age to send: the current age, but never less than what makes a stale response look stale downstream. They only
 * differ after a soft purge, which ends freshness early: a shield serving a soft-purged response to a PoP must not
 * hand it on as fresh (the PoP would keep it for the rest of its lifetime).
 */
export function servedAge(e: StoredResponse, nowMs: number): number {
  const age = currentAge(e, nowMs);
  return nowMs >= e.expiresAtMs ? Math.max(age, e.lifetimeS + (nowMs - e.expiresAtMs) / 1000) : age;
}

/**
 * The Age field value to send, as text: whole seconds of `servedAge`. While fresh, the text is kept on the response
 * until the next whole second (or until it turns stale), so a hit does not format a number; a stale response (soft
 * purge included) is computed every time.
 */
export function servedAgeText(e: StoredResponse, nowMs: number): string {
  if (nowMs < e.ageUntilMs && nowMs < e.expiresAtMs) return e.ageText;
  const whole = Math.max(0, Math.floor(servedAge(e, nowMs)));
  const text = String(whole);
  if (nowMs < e.expiresAtMs) {
    e.ageText = text;
    e.ageUntilMs = Math.min(e.expiresAtMs, e.responseTimeMs + (whole + 1 - e.initialAgeS) * 1000);
  }
  return text;
}

/**
 * Which stale serving a response allows. RFC 9111 §4.2.4 forbids stale responses under no-cache, must-revalidate,
 * proxy-revalidate, and s-maxage (which implies proxy-revalidate in a shared cache, §5.2.2.10). Conformance choice:
 * an explicit stale-while-revalidate / stale-if-error (RFC 5861) next to s-maxage is the origin's own, more specific
 * permission and is honoured, as CDNs do — the stage-4 app sends exactly `s-maxage=3600, stale-while-revalidate=30`.
 */
export function stalePermission(d: ResponseDirectives): { allowed: boolean; swrS: number; sieS: number } {
  const explicit = d.staleWhileRevalidate !== undefined || d.staleIfError !== undefined;
  const forbidden = d.noCache || d.mustRevalidate || d.proxyRevalidate || (d.sMaxage !== undefined && !explicit);
  if (forbidden) return { allowed: false, swrS: 0, sieS: 0 };
  return { allowed: true, swrS: d.staleWhileRevalidate ?? 0, sieS: d.staleIfError ?? 0 };
}

/** Surrogate keys of a response: the space-separated `Surrogate-Key` field (Fastly convention). */
export function surrogateKeys(h: InHeaders): string[] {
  const v = joined(h, 'surrogate-key');
  return v === undefined ? [] : [...new Set(v.split(/[\s,]+/).filter((k) => k.length > 0))];
}

export function buildStoredResponse(x: BuildInput): StoredResponse {
  const { d } = x;
  const omit = [...d.noCacheFields, ...d.privateFields];
  const headers = storedHeaders(x.res, omit, formatHttpDate(x.responseTimeMs));
  const dateMs = parseHttpDate(x.res.date) ?? x.responseTimeMs;
  const lifetimeS = freshnessLifetime(x.status, d, x.res, dateMs, x.heuristic).seconds;
  const initialAgeS = correctedInitialAge(x.res, x.requestTimeMs, x.responseTimeMs);
  const names = varyNames(x.res);
  const stale = stalePermission(d);
  return {
    key: x.key,
    status: x.status,
    headers,
    body: x.body,
    bytes: x.body.length + headerBytes(headers) + 256,
    responseTimeMs: x.responseTimeMs,
    initialAgeS,
    lifetimeS,
    expiresAtMs: x.responseTimeMs + (lifetimeS - initialAgeS) * 1000,
    swrS: stale.swrS,
    sieS: stale.sieS,
    staleAllowed: stale.allowed,
    noCache: d.noCache,
    etag: first(headers, 'etag'),
    lastModified: first(headers, 'last-modified'),
    vary: names === null || names === '*' ? null : varyKeyFor(names, x.req),
    surrogateKeys: surrogateKeys(headers),
    omit,
    clientHead: null,
    ageText: '0',
    ageUntilMs: 0,
  };
}

/** True when the response could ever be reused: fresh for a while, revalidatable, or servable stale. */
export function isUseful(e: StoredResponse): boolean {
  return e.lifetimeS > e.initialAgeS || e.etag !== undefined || e.lastModified !== undefined || e.swrS > 0 || e.sieS > 0;
}
