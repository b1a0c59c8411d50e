// The response cache directives this shared cache obeys: CDN-Cache-Control (RFC 9213) > Surrogate-Control > Cache-Control.
import { deltaSeconds, DELTA_SECONDS_MAX, fieldNameList, parseCacheControl, type DirectiveMap } from './cache-control-parse.ts';
import { parseDictionary } from './structured-dictionary.ts';

export type DirectiveSource = 'cdn-cache-control' | 'surrogate-control' | 'cache-control';

export interface ResponseDirectives {
  /** Which field the directives came from; a targeted field also means Expires is ignored (RFC 9213 §2.1). */
  source: DirectiveSource;
  noStore: boolean;
  /** Unqualified `no-cache`: store, but revalidate before every reuse (RFC 9111 §5.2.2.4). */
  noCache: boolean;
  /** Fields of a qualified `no-cache="…"`: stored responses omit them. */
  noCacheFields: string[];
  /** Unqualified `private`: a shared cache must not store (RFC 9111 §5.2.2.7). */
  private: boolean;
  /** Fields of a qualified `private="…"`: a shared cache must not store them. */
  privateFields: string[];
  public: boolean;
  mustRevalidate: boolean;
  proxyRevalidate: boolean;
  mustUnderstand: boolean;
  /** Seconds; NaN when present but invalid (then the response counts as stale, RFC 9111 §4.2.1). */
  maxAge?: number;
  sMaxage?: number;
  /** RFC 5861 windows, seconds (invalid → absent). */
  staleWhileRevalidate?: number;
  staleIfError?: number;
}

/** Field names this cache treats as targeted at it, in precedence order (RFC 9213 §2.2). */
export const TARGETED_FIELDS = ['cdn-cache-control', 'surrogate-control'] as const;

function fromDirectiveMap(map: DirectiveMap, source: DirectiveSource): ResponseDirectives {
  const swr = deltaSeconds(map, 'stale-while-revalidate');
  const sie = deltaSeconds(map, 'stale-if-error');
  return {
    source,
    noStore: map.has('no-store'),
    noCache: map.get('no-cache') === true,
    noCacheFields: fieldNameList(map, 'no-cache'),
    private: map.get('private') === true,
    privateFields: fieldNameList(map, 'private'),
    public: map.has('public'),
    mustRevalidate: map.has('must-revalidate'),
    proxyRevalidate: map.has('proxy-revalidate'),
    mustUnderstand: map.has('must-understand'),
    maxAge: deltaSeconds(map, 'max-age'),
    sMaxage: deltaSeconds(map, 's-maxage'),
    staleWhileRevalidate: Number.isNaN(swr) ? undefined : swr,
    staleIfError: Number.isNaN(sie) ? undefined : sie,
  };
}

const SECONDS_KEYS = new Set(['max-age', 's-maxage', 'stale-while-revalidate', 'stale-if-error']);
const FLAG_KEYS = new Set(['no-store', 'public', 'must-revalidate', 'proxy-revalidate', 'must-understand']);
const LIST_KEYS = new Set(['no-cache', 'private']);

/**
 * CDN-Cache-Control is a Structured Field Dictionary (RFC 9213 §2.1). A syntax error, or a known directive with the
 * wrong type (`max-age="5"`, `max-age=1.5`, `no-store=1`), makes the whole field invalid: null.
 */
export function cdnCacheControlMap(field: string | string[]): DirectiveMap | null {
  const dict = parseDictionary(field);
  if (dict === null) return null;
  const map: DirectiveMap = new Map();
  for (const [key, m] of dict) {
    if (SECONDS_KEYS.has(key)) {
      if (typeof m.value !== 'number' || !m.integer || m.value < 0) return null;
      map.set(key, String(Math.min(m.value, DELTA_SECONDS_MAX)));
    } else if (FLAG_KEYS.has(key)) {
      if (m.value !== true) return null;
      map.set(key, true);
    } else if (LIST_KEYS.has(key)) {
      if (m.value === true) map.set(key, true);
      else if (typeof m.value === 'string') map.set(key, m.value);
      else return null;
    }
    // Unknown directives are ignored, as in Cache-Control.
  }
  return map;
}

/**
 * The first targeted field with a valid, non-empty value wins and Cache-Control and Expires are then ignored
 * (RFC 9213 §2.1); otherwise Cache-Control. Response `Pragma` is ignored (RFC 9111 §5.4 deprecates it).
 */
export function responseDirectives(headers: Record<string, string | string[] | undefined>, targeted: readonly string[] = TARGETED_FIELDS): ResponseDirectives {
  for (const name of targeted) {
    const field = headers[name];
    if (field === undefined) continue;
    const map = name === 'cdn-cache-control' ? cdnCacheControlMap(field) : parseCacheControl(field);
    if (map !== null && map.size > 0) return fromDirectiveMap(map, name as DirectiveSource);
  }
  return fromDirectiveMap(parseCacheControl(headers['cache-control']), 'cache-control');
}
