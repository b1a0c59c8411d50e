// The URIs a successful unsafe request invalidates (RFC 9111 §4.4): its target, and same-origin Location/Content-Location.
import { first, type InHeaders } from './header-fields.ts';
import type { TierRequest } from './served.ts';

/** Primary keys (path + query). Same origin = relative, the request's own host, or the origin's host:port. */
export function invalidationTargets(req: TierRequest, res: InHeaders, originHost?: string): string[] {
  const host = first(req.headers, 'host') ?? first(req.headers, 'x-forwarded-host') ?? 'cdn.invalid';
  const base = new URL(req.url, `http://${host}`);
  const targets = new Set([req.url]);
  for (const name of ['location', 'content-location']) {
    const v = first(res, name);
    if (v === undefined) continue;
    try {
      const u = new URL(v, base);
      if (u.host === base.host || u.host === originHost) targets.add(u.pathname + u.search);
    } catch {
      // not a URI reference: nothing to invalidate
    }
  }
  return [...targets];
}
