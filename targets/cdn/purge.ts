// Purge requests: body validation, the bearer-token check, and applying a purge to the shield and every PoP.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { CacheTier } from './cache-tier.ts';

export interface PurgeRequest {
  /** Paths ('/abc?x=1') or absolute URLs (their path and query are used). */
  urls?: string[];
  /** Surrogate keys, as sent by the origin in `Surrogate-Key`. */
  keys?: string[];
  /** Mark stale instead of removing (stale-while-revalidate / stale-if-error / revalidation then apply). */
  soft?: boolean;
}

export interface PurgeResult {
  soft: boolean;
  urls: number;
  keys: number;
  /** Stored responses removed or marked stale, over all tiers. */
  responses: number;
  /** Per tier name, responses affected. */
  byTier: Record<string, number>;
}

export class PurgeInputError extends Error {}

/** Path and query of a purge target. */
export function purgePath(target: string): string {
  if (target.startsWith('/')) return target;
  let u: URL;
  try {
    u = new URL(target);
  } catch {
    throw new PurgeInputError(`'${target}' is neither a path starting with '/' nor an absolute URL`);
  }
  return u.pathname + u.search;
}

const strings = (v: unknown, name: string): string[] => {
  if (v === undefined) return [];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string' && x.length > 0)) throw new PurgeInputError(`'${name}' must be an array of non-empty strings`);
  return v as string[];
};

/** Validates a purge body: JSON `{ urls?: string[], keys?: string[], soft?: boolean }` naming at least one target. */
export function parsePurgeBody(text: string): Required<PurgeRequest> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new PurgeInputError('body must be JSON: { "urls"?: [...], "keys"?: [...], "soft"?: true }');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new PurgeInputError('body must be a JSON object');
  const b = body as Record<string, unknown>;
  const urls = strings(b.urls, 'urls').map(purgePath);
  const keys = strings(b.keys, 'keys');
  if (b.soft !== undefined && typeof b.soft !== 'boolean') throw new PurgeInputError("'soft' must be true or false");
  if (urls.length + keys.length === 0) throw new PurgeInputError("name something to purge: 'urls' and/or 'keys'");
  return { urls, keys, soft: b.soft === true };
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/** `Authorization: Bearer <token>` compared in constant time. */
export function bearerMatches(authorization: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return m !== null && timingSafeEqual(digest(m[1]), digest(token));
}

/** Applies a purge to every tier, shield first (so an edge refilling at once cannot get the old copy from it). */
export function applyPurge(tiers: CacheTier[], p: Required<PurgeRequest>): PurgeResult {
  const ordered = [...tiers].sort((a, b) => (a.role === 'shield' ? -1 : b.role === 'shield' ? 1 : 0));
  const byTier: Record<string, number> = {};
  let responses = 0;
  for (const t of ordered) {
    let n = 0;
    for (const u of p.urls) n += t.purgeUrl(u, p.soft);
    for (const k of p.keys) n += t.purgeKey(k, p.soft);
    byTier[t.name] = n;
    responses += n;
  }
  return { soft: p.soft, urls: p.urls.length, keys: p.keys.length, responses, byTier };
}
