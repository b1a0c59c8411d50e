// Request cache directives a client can send (RFC 9111 §5.2.1), with the legacy `Pragma: no-cache` (§5.4).
import { deltaSeconds, parseCacheControl } from './cache-control-parse.ts';

export interface RequestDirectives {
  noCache: boolean;
  noStore: boolean;
  onlyIfCached: boolean;
  /** Seconds; undefined when absent or invalid. */
  maxAge?: number;
  minFresh?: number;
  /** `max-stale` without a value means any staleness: Infinity. */
  maxStale?: number;
  staleIfError?: number;
}

export const NO_REQUEST_DIRECTIVES: RequestDirectives = Object.freeze({ noCache: false, noStore: false, onlyIfCached: false });

const valid = (n: number | undefined): number | undefined => (n === undefined || Number.isNaN(n) ? undefined : n);

export function requestDirectives(headers: Record<string, string | string[] | undefined>): RequestDirectives {
  const cc = headers['cache-control'];
  if (cc === undefined) {
    const pragma = headers.pragma;
    // RFC 9111 §5.4 (and RFC 7234 §5.4 before it): Pragma: no-cache counts only when Cache-Control is absent.
    if (pragma !== undefined && /(^|,)\s*no-cache\s*(,|$)/i.test(String(pragma))) return { ...NO_REQUEST_DIRECTIVES, noCache: true };
    return NO_REQUEST_DIRECTIVES;
  }
  const map = parseCacheControl(cc);
  const maxStale = map.get('max-stale');
  return {
    noCache: map.has('no-cache'),
    noStore: map.has('no-store'),
    onlyIfCached: map.has('only-if-cached'),
    maxAge: valid(deltaSeconds(map, 'max-age')),
    minFresh: valid(deltaSeconds(map, 'min-fresh')),
    maxStale: maxStale === true ? Number.POSITIVE_INFINITY : valid(deltaSeconds(map, 'max-stale')),
    staleIfError: valid(deltaSeconds(map, 'stale-if-error')),
  };
}
