// Writes a tier's answer to a client: cached header lists for stored responses, Age and X-Cache filled in per request.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { contentRange, type ByteRange } from './byte-range.ts';
import { notModifiedHeaders } from './pass-headers.ts';
import { connectionFields, type InHeaders } from './header-fields.ts';
import type { CacheStatus, Served } from './served.ts';
import { servedAgeText, type StoredResponse } from './stored-response.ts';

/** Fields meant for the CDN only (Fastly strips them too); `--expose-surrogate-headers` keeps them for debugging. */
const SURROGATE_FIELDS = new Set(['surrogate-key', 'surrogate-control']);

function pushFields(out: string[], h: InHeaders, hide: boolean): void {
  for (const name in h) {
    if (hide && SURROGATE_FIELDS.has(name)) continue;
    const v = h[name];
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const x of v) out.push(name, x);
    else out.push(name, v);
  }
}

function hasNoBody(status: number): boolean {
  return status === 204 || status === 304 || status < 200;
}

/**
 * The output header list of a stored response, built once and kept on it: stored fields, Content-Length, then the
 * three per-request slots Age, X-Cache, X-Cache-Pop (the last five array places), overwritten on every write.
 */
function clientHead(e: StoredResponse, pop: string, hide: boolean): string[] {
  if (e.clientHead !== null) return e.clientHead;
  const out: string[] = [];
  pushFields(out, e.headers, hide);
  if (!hasNoBody(e.status)) out.push('content-length', String(e.body.length));
  out.push('age', '0', 'x-cache', 'HIT', 'x-cache-pop', pop);
  e.clientHead = out;
  return out;
}

/** Writes a stored response (or a 304 built from it); returns the body bytes written. */
export function writeStored(
  res: ServerResponse, e: StoredResponse, cache: CacheStatus, notModified: boolean, head: boolean, nowMs: number,
  pop: string, hideSurrogate: boolean, upstreamCache?: string, range?: ByteRange,
): number {
  const age = servedAgeText(e, nowMs);
  if (notModified) {
    const out: string[] = [];
    pushFields(out, notModifiedHeaders(e.headers), hideSurrogate);
    out.push('age', age, 'x-cache', cache, 'x-cache-pop', pop);
    if (upstreamCache !== undefined) out.push('x-cache-shield', upstreamCache);
    res.writeHead(304, out);
    res.end();
    return 0;
  }
  if (range !== undefined) {
    const out: string[] = [];
    pushFields(out, e.headers, hideSurrogate);
    const n = range.end - range.start + 1;
    out.push('content-range', contentRange(range, e.body.length), 'content-length', String(n), 'age', age, 'x-cache', cache, 'x-cache-pop', pop);
    if (upstreamCache !== undefined) out.push('x-cache-shield', upstreamCache);
    res.writeHead(206, out);
    res.end(e.body.subarray(range.start, range.end + 1));
    return n;
  }
  let arr = clientHead(e, pop, hideSurrogate);
  const n = arr.length;
  arr[n - 5] = age;
  arr[n - 3] = cache;
  if (upstreamCache !== undefined) arr = [...arr, 'x-cache-shield', upstreamCache];
  res.writeHead(e.status, arr);
  // An empty body (a redirect): end() alone sends the head in one write; end(emptyBuffer) would take writev.
  if (head || hasNoBody(e.status) || e.body.length === 0) {
    res.end();
    return 0;
  }
  res.end(e.body);
  return e.body.length;
}

/**
 * Passes an interim response on (RFC 9110 §15.2): 103 Early Hints with its fields, 102 Processing; other 1xx codes
 * and anything after the final response has started are dropped, and HTTP/1.0 clients get none (§15.2).
 */
export function writeInterim(req: IncomingMessage, res: ServerResponse, status: number, headers: Record<string, string | string[]>): void {
  if (res.headersSent || res.destroyed || req.httpVersionMajor < 1 || (req.httpVersionMajor === 1 && req.httpVersionMinor === 0)) return;
  if (status === 102) return res.writeProcessing();
  if (status !== 103) return;
  const drop = connectionFields(headers);
  const hints: Record<string, string | string[]> = {};
  for (const name in headers) if (!drop.has(name)) hints[name] = headers[name];
  try {
    res.writeEarlyHints(hints);
  } catch {
    // A Link value node:http will not write: the hints are advisory, the final response follows anyway.
  }
}

/** Writes a passed-through (or generated) response; returns the body bytes written. */
export function writePassed(res: ServerResponse, s: Extract<Served, { kind: 'passed' }>, head: boolean, pop: string, hideSurrogate: boolean): number {
  const out: string[] = [];
  pushFields(out, s.headers, hideSurrogate);
  if (!hasNoBody(s.status) && !head) out.push('content-length', String(s.body.length));
  out.push('x-cache', s.cache, 'x-cache-pop', pop);
  if (s.upstreamCache !== undefined) out.push('x-cache-shield', s.upstreamCache);
  res.writeHead(s.status, out);
  if (head || hasNoBody(s.status)) {
    res.end();
    return 0;
  }
  res.end(s.body);
  return s.body.length;
}
