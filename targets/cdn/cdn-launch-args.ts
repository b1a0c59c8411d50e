// The cdn-server.ts flags for a launch description, so a supervisor spec never spells flags by hand.
import type { RttTable } from './rtt-table.ts';

export interface CdnLaunchOptions {
  origin: string;
  /** Fixed port (allocate it first when the app must know the purge URL before the CDN starts); default 0. */
  port?: number;
  pops?: string[];
  regionRttMs?: Record<string, number>;
  regionPop?: Record<string, string>;
  shield?: boolean;
  shieldRttMs?: number | RttTable;
  originRttMs?: number | RttTable;
  /** Bytes. */
  maxBytes?: number;
  purgeToken?: string;
  honorRequestCacheControl?: boolean;
  /** `--stale-on-origin-error` (default off). */
  staleOnOriginError?: boolean;
}

const table = (t: number | RttTable): string =>
  typeof t === 'number' ? String(t) : [...Object.entries(t.byName).map(([k, v]) => `${k}=${v}`), `*=${t.fallback}`].join(',');

export function cdnServerArgs(o: CdnLaunchOptions): string[] {
  const args = ['--origin', o.origin, '--port', String(o.port ?? 0)];
  if (o.pops) args.push('--pops', o.pops.join(','));
  if (o.regionRttMs && Object.keys(o.regionRttMs).length) args.push('--region-rtt', Object.entries(o.regionRttMs).map(([k, v]) => `${k}=${v}`).join(','));
  if (o.regionPop && Object.keys(o.regionPop).length) args.push('--region-pop', Object.entries(o.regionPop).map(([k, v]) => `${k}=${v}`).join(','));
  if (o.shield) args.push('--shield');
  if (o.shieldRttMs !== undefined) args.push('--shield-rtt', table(o.shieldRttMs));
  if (o.originRttMs !== undefined) args.push('--origin-rtt', table(o.originRttMs));
  if (o.maxBytes !== undefined) args.push('--max-bytes', String(o.maxBytes));
  if (o.purgeToken !== undefined) args.push('--purge-token', o.purgeToken);
  if (o.honorRequestCacheControl === false) args.push('--ignore-request-cache-control');
  if (o.staleOnOriginError === true) args.push('--stale-on-origin-error');
  return args;
}
