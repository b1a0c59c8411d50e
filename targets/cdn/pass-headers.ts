// Shaping of answers that do not come from the store: upstream fields passed on, generated 304s and error bodies.
import { connectionFields, type InHeaders } from './header-fields.ts';
import type { CacheStatus, Served } from './served.ts';

/** Upstream response fields passed downstream: no hop-by-hop, no Content-Length (re-framed; kept for HEAD), no upstream X-Cache. */
export function passHeaders(h: InHeaders, keepLength = false): InHeaders {
  const drop = connectionFields(h);
  const out: InHeaders = {};
  for (const name in h) {
    if (drop.has(name) || (name === 'content-length' && !keepLength) || name === 'x-cache' || name === 'x-cache-pop' || name === 'x-cache-shield') continue;
    out[name] = h[name];
  }
  return out;
}

/** Fields of a 304 generated from a full response: no representation metadata besides the validators (RFC 9110 §15.4.5). */
export function notModifiedHeaders(h: InHeaders): InHeaders {
  const out: InHeaders = {};
  for (const name in h) {
    if (name === 'content-length' || name === 'content-type' || name === 'content-encoding' || name === 'content-range' || name === 'content-language') continue;
    out[name] = h[name];
  }
  return out;
}

export function passed(status: number, headers: InHeaders, body: string, cache: CacheStatus): Served {
  return { kind: 'passed', status, headers, body: Buffer.from(body), cache };
}
