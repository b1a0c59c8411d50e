// Header-field plumbing of the proxy: hop-by-hop removal, what is stored, and the 304 update rule (RFC 9111 §3.2).

/** Lower-case field name → value; several field lines of one name are an array. */
export type HeaderMap = Record<string, string | string[]>;
export type InHeaders = Record<string, string | string[] | undefined>;

/** Hop-by-hop fields (RFC 9110 §7.6.1), never stored or forwarded. */
export const HOP_BY_HOP = new Set([
  'connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'proxy-authenticate', 'proxy-authorization',
]);

/** Fields this CDN sets itself on what it serves; an upstream's copy is dropped before storing. */
export const OWN_FIELDS = new Set(['age', 'x-cache', 'x-cache-pop', 'x-cache-shield']);

/** First field line of a field (for singleton fields such as Date, Expires, ETag). */
export function first(h: InHeaders, name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}

/** All field lines of a list field, combined with ", " (RFC 9110 §5.3). */
export function joined(h: InHeaders, name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

/** Hop-by-hop fields plus the ones named by Connection (RFC 9110 §7.6.1). */
export function connectionFields(h: InHeaders): Set<string> {
  const drop = new Set(HOP_BY_HOP);
  const conn = joined(h, 'connection');
  if (conn !== undefined) for (const n of conn.split(',')) if (n.trim()) drop.add(n.trim().toLowerCase());
  return drop;
}

/**
 * The header fields kept with a stored response: without hop-by-hop and Connection-listed fields, this CDN's own
 * fields, Content-Length (recomputed from the body) and the fields named by a qualified no-cache/private
 * (RFC 9111 §5.2.2.4, §5.2.2.7). A Date is added when missing (RFC 9110 §6.6.1).
 */
export function storedHeaders(res: InHeaders, omit: readonly string[], dateIfMissing: string): HeaderMap {
  const drop = connectionFields(res);
  for (const n of omit) drop.add(n);
  const out: HeaderMap = {};
  for (const name in res) {
    const v = res[name];
    if (v === undefined || drop.has(name) || OWN_FIELDS.has(name) || name === 'content-length') continue;
    out[name] = v;
  }
  if (out.date === undefined) out.date = dateIfMissing;
  return out;
}

/** Fields a 304 must not change in the stored response: framing and coding of the body we keep (RFC 9111 §3.2). */
const NOT_UPDATED_BY_304 = new Set(['content-length', 'content-encoding', 'content-range', 'transfer-encoding']);

/**
 * Updates stored header fields from a 304 (RFC 9111 §3.2, §4.3.4): every field of the 304 is added or replaces the
 * stored one, except hop-by-hop, Connection-listed, framing fields and this CDN's own. The stored Age is dropped: the
 * 304 (with its own Age, if any) is the new basis of the age calculation.
 */
export function mergeNotModified(stored: HeaderMap, notModified: InHeaders, omit: readonly string[]): HeaderMap {
  const drop = connectionFields(notModified);
  for (const n of omit) drop.add(n);
  const out: HeaderMap = { ...stored };
  delete out.age;
  for (const name in notModified) {
    const v = notModified[name];
    if (v === undefined || drop.has(name) || NOT_UPDATED_BY_304.has(name) || (OWN_FIELDS.has(name) && name !== 'age')) continue;
    out[name] = v;
  }
  return out;
}

/** Request fields this CDN manages itself when it talks to its upstream about a cacheable GET. */
const CONDITIONAL_REQUEST_FIELDS = ['if-none-match', 'if-modified-since'];

export interface UpstreamHeaderOptions {
  /** Drop the client's If-None-Match / If-Modified-Since (the cache fetches whole responses and answers them itself). */
  dropConditionals: boolean;
  /** This hop's pseudonym for Via (RFC 9110 §7.6.3), e.g. 'scaleladder-cdn-eu'. */
  via: string;
}

/** Headers of the request sent upstream: the client's minus hop-by-hop fields and Host (the upstream's own is used). */
export function upstreamRequestHeaders(client: InHeaders, o: UpstreamHeaderOptions): Record<string, string | string[]> {
  const drop = connectionFields(client);
  drop.add('host');
  if (o.dropConditionals) for (const n of CONDITIONAL_REQUEST_FIELDS) drop.add(n);
  const out: Record<string, string | string[]> = {};
  for (const name in client) {
    const v = client[name];
    if (v !== undefined && !drop.has(name)) out[name] = v;
  }
  const host = first(client, 'host');
  if (host !== undefined && out['x-forwarded-host'] === undefined) out['x-forwarded-host'] = host;
  const via = joined(client, 'via');
  out.via = via === undefined ? `1.1 ${o.via}` : `${via}, 1.1 ${o.via}`;
  return out;
}

/** Approximate bytes of a header map, for the cache's byte accounting. */
export function headerBytes(h: HeaderMap): number {
  let n = 0;
  for (const name in h) {
    const v = h[name];
    if (Array.isArray(v)) for (const x of v) n += name.length + x.length + 4;
    else n += name.length + v.length + 4;
  }
  return n;
}
