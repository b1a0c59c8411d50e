// Whether a shared cache may store a response (RFC 9111 §3, §3.5), with the reason when it may not.
import { hasExplicitExpiration, HEURISTICALLY_CACHEABLE } from './freshness.ts';
import type { InHeaders } from './header-fields.ts';
import type { RequestDirectives } from './request-directives.ts';
import type { ResponseDirectives } from './response-directives.ts';
import { varyNames } from './vary.ts';

export type NotStoredReason =
  | 'method' | 'status' | 'must-understand' | 'request-no-store' | 'no-store' | 'private' | 'authorization'
  | 'vary-star' | 'not-cacheable' | 'useless' | 'too-large' | 'purged';

/** Status codes whose semantics this cache implements, for `must-understand` (RFC 9111 §5.2.2.3). */
export const UNDERSTOOD_STATUS = new Set([200, 203, 204, 300, 301, 302, 303, 307, 308, 404, 405, 410, 414, 501]);

export interface StorabilityInput {
  method: string;
  status: number;
  req: InHeaders;
  reqDirectives: RequestDirectives;
  res: InHeaders;
  d: ResponseDirectives;
}

/**
 * null when storable. Rules, in order: GET only (this cache stores no POST/HEAD responses); a final status other than
 * 206 (no range support) and 304; must-understand needs an understood status and then overrides no-store; no request
 * or response no-store; no unqualified `private`; a request with Authorization only with public, s-maxage or
 * must-revalidate (§3.5); never `Vary: *`; and explicit freshness, `public`, or a heuristically cacheable status.
 */
export function notStorableReason(x: StorabilityInput): NotStoredReason | null {
  const { d, status } = x;
  if (x.method !== 'GET') return 'method';
  if (status < 200 || status === 206 || status === 304 || status > 599) return 'status';
  const understood = UNDERSTOOD_STATUS.has(status);
  if (d.mustUnderstand && !understood) return 'must-understand';
  if (x.reqDirectives.noStore) return 'request-no-store';
  if (d.noStore && !(d.mustUnderstand && understood)) return 'no-store';
  if (d.private) return 'private';
  if (x.req.authorization !== undefined && !(d.public || d.sMaxage !== undefined || d.mustRevalidate)) return 'authorization';
  if (varyNames(x.res) === '*') return 'vary-star';
  if (!(d.public || hasExplicitExpiration(d, x.res) || HEURISTICALLY_CACHEABLE.has(status))) return 'not-cacheable';
  return null;
}
