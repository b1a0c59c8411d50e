// Client of POST /__cdn/purge, for the app's onDelete hook: DELETE /api/links/:code → purge `link-<code>` at every PoP.
import { request } from 'undici';
import type { PurgeResult } from './purge.ts';

export interface PurgeClientOptions {
  /** Mark stale instead of removing (default false: a deleted link must stop redirecting). */
  soft?: boolean;
  /** Default 5000. */
  timeoutMs?: number;
}

/** Purges surrogate keys (and/or URLs) at the CDN whose base URL is `cdnUrl`; rejects unless the CDN answers 200. */
export async function purgeCdn(cdnUrl: string, token: string, target: { keys?: string[]; urls?: string[] }, o: PurgeClientOptions = {}): Promise<PurgeResult> {
  const { soft = false, timeoutMs = 5000 } = o;
  const res = await request(new URL('/__cdn/purge', cdnUrl), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ...target, soft }),
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  const text = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`CDN purge at ${cdnUrl} answered ${res.statusCode}: ${text.trim().slice(0, 200)}`);
  return JSON.parse(text) as PurgeResult;
}
