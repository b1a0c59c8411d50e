// Validators: entity-tag comparison, answering a client's conditional GET (RFC 9111 §4.3.2), matching a 304 (§4.3.4).
import { splitList } from './cache-control-parse.ts';
import { first, type InHeaders } from './header-fields.ts';
import { parseHttpDate } from './http-date.ts';

/** Opaque part of an entity-tag, tolerant of unquoted tags and of a lower-case weakness flag. */
export function opaqueTag(tag: string): string {
  let t = tag.trim();
  if (/^[Ww]\//.test(t)) t = t.slice(2);
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) t = t.slice(1, -1);
  return t;
}

export function isWeakTag(tag: string): boolean {
  return /^\s*[Ww]\//.test(tag);
}

/** If-None-Match evaluation with the weak comparison function (RFC 9110 §13.1.2). */
export function ifNoneMatchHits(ifNoneMatch: string, etag: string | undefined): boolean {
  if (ifNoneMatch.trim() === '*') return true;
  if (etag === undefined) return false;
  const want = opaqueTag(etag);
  return splitList(ifNoneMatch).some((t) => opaqueTag(t) === want);
}

/**
 * Whether a conditional GET/HEAD can be answered 304 from a response the cache holds: If-None-Match takes precedence
 * over If-Modified-Since (RFC 9110 §13.2.2); preconditions only apply to 2xx responses (§13.2.1), so a stored
 * redirect is always served whole.
 */
export function conditionalHits(req: InHeaders, status: number, res: InHeaders): boolean {
  if (status < 200 || status > 299) return false;
  const inm = req['if-none-match'];
  if (inm !== undefined) return ifNoneMatchHits(Array.isArray(inm) ? inm.join(', ') : inm, first(res, 'etag'));
  const ims = parseHttpDate(req['if-modified-since']);
  if (ims === undefined) return false;
  const lm = parseHttpDate(res['last-modified']) ?? parseHttpDate(res.date);
  return lm !== undefined && lm <= ims;
}

/** True when the request carries a validator this cache can evaluate itself. */
export function isConditional(req: InHeaders): boolean {
  return req['if-none-match'] !== undefined || req['if-modified-since'] !== undefined;
}

/**
 * Does this 304 select the stored response that was being validated (RFC 9111 §4.3.4)? A strong ETag must equal the
 * stored strong ETag; a weak one must match it weakly; else Last-Modified must be equal. A 304 with no validator at
 * all answers our own conditional request, so it selects the response we asked about (leniency, documented).
 */
export function notModifiedSelects(stored: InHeaders, notModified: InHeaders): boolean {
  const tag = first(notModified, 'etag');
  const storedTag = first(stored, 'etag');
  if (tag !== undefined) {
    if (storedTag === undefined) return false;
    if (!isWeakTag(tag)) return !isWeakTag(storedTag) && opaqueTag(tag) === opaqueTag(storedTag);
    return opaqueTag(tag) === opaqueTag(storedTag);
  }
  const lm = first(notModified, 'last-modified');
  if (lm !== undefined) return first(stored, 'last-modified') === lm;
  return true;
}
