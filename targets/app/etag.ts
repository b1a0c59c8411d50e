// Entity tags of a link. A link's identity (id, url) never changes after creation, so the tag is derived from it:
// strong on the redirect, weak on the metadata, whose live `clicks` field is deliberately not covered.
import type { Link } from './link-store.ts';

/** FNV-1a over UTF-16 code units: cheap, and only needs to tell different URLs apart. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function opaqueTag(link: Link): string {
  return `"${link.id.toString(36)}.${fnv1a(link.url).toString(36)}"`;
}

/** Strong ETag of the redirect response (status, Location) of a link. */
export function redirectEtag(link: Link): string {
  return opaqueTag(link);
}

/** Weak ETag of GET /api/links/:code: equal while code, url and createdAt are; clicks may differ. */
export function metadataEtag(link: Link): string {
  return `W/${opaqueTag(link)}`;
}

/** RFC 9110 §13.1.2 If-None-Match: weak comparison against a comma-separated list, or "*". */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (header === undefined || header === '') return false;
  if (header.trim() === '*') return true;
  const opaque = etag.startsWith('W/') ? etag.slice(2) : etag;
  for (const part of header.split(',')) {
    let tag = part.trim();
    if (tag.startsWith('W/')) tag = tag.slice(2);
    if (tag === opaque) return true;
  }
  return false;
}
