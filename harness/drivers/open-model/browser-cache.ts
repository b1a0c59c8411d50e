// One private (browser) cache per emulated user, so a redirect the browser may reuse never reaches the network.
// The freshness decision is http-cache-semantics (RFC 9111, private cache), the library the CDN tests use as their
// oracle, not a rule of our own; on top of it one browser convention RFC 9111 leaves to heuristics: a 301 without
// explicit freshness (no max-age, no Expires, no no-cache/no-store) is kept for the session ("permanent"), as
// Chrome and Firefox do.
import CachePolicy from 'http-cache-semantics';

interface Entry {
  policy: CachePolicy;
  permanent: boolean;
}

/** Emulated users' browser caches, keyed by user then path; bounded per user (oldest entry out). */
export class BrowserCaches {
  private readonly byUser = new Map<number, Map<string, Entry>>();

  constructor(private readonly maxEntriesPerUser = 10_000) {}

  /** True when `user`'s cache answers GET `path` itself (a fresh stored response, or a permanent 301). */
  serves(user: number, path: string, headers: Record<string, string> | undefined): boolean {
    const e = this.byUser.get(user)?.get(path);
    if (e === undefined) return false;
    return e.permanent || e.policy.satisfiesWithoutRevalidation({ method: 'GET', url: path, headers: headers ?? {} });
  }

  /** Offers a response to `user`'s cache; it keeps what a browser may store. */
  offer(user: number, path: string, reqHeaders: Record<string, string> | undefined, status: number, resHeaders: Record<string, string>): void {
    const policy = new CachePolicy({ method: 'GET', url: path, headers: reqHeaders ?? {} }, { status, headers: resHeaders }, { shared: false });
    let cache = this.byUser.get(user);
    if (!policy.storable()) {
      cache?.delete(path);
      return;
    }
    if (cache === undefined) this.byUser.set(user, (cache = new Map()));
    if (!cache.has(path) && cache.size >= this.maxEntriesPerUser) cache.delete(cache.keys().next().value as string);
    cache.set(path, { policy, permanent: status === 301 && permanentRedirect(resHeaders) });
  }
}

/** A 301 that states no freshness of its own and does not forbid reuse: browsers keep it without expiry. */
function permanentRedirect(h: Record<string, string>): boolean {
  const cc = (h['cache-control'] ?? '').toLowerCase();
  return h.expires === undefined && !/(^|[\s,])(max-age|no-cache|no-store)\b/.test(cc);
}

/** Raw undici header pairs → lower-case name → value (repeated fields joined with ', '). */
export function headerRecord(raw: readonly (Buffer | string)[] | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!raw) return out;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i].toString().toLowerCase();
    const value = raw[i + 1].toString();
    out[name] = out[name] === undefined ? value : `${out[name]}, ${value}`;
  }
  return out;
}
