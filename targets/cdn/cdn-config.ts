// Settings of the CDN emulator: every field documents its default; `resolveCdnConfig` applies them once and checks rules.
import { UserError } from '../../harness/errors/user-error.ts';
import type { HeuristicOptions } from './freshness.ts';
import { NO_RTT, type RttTable } from './rtt-table.ts';

export interface CdnConfig {
  /** Origin base URL, e.g. 'http://127.0.0.1:8080' (the stage-3 balancer or the app). Required. */
  origin: string;
  /** Listen port; 0 (default) lets the OS pick. */
  port?: number;
  /** Listen address (default '127.0.0.1'). */
  host?: string;
  /** Edge PoP names (default ['eu', 'us', 'ap']); each has its own cache and counters. */
  pops?: string[];
  /** PoP for requests without a known region (default: the first PoP). */
  defaultPop?: string;
  /** Emulated client↔edge RTT per region, ms (default 0). Key '*' is the fallback, 'default' the region-less route. */
  regionRttMs?: Record<string, number>;
  /** Region → PoP for regions that are not PoP names (default: the PoP of the same name, else the default PoP). */
  regionPop?: Record<string, string>;
  /** Put an origin-shield tier between the PoPs and the origin (default false). */
  shield?: boolean;
  /** Emulated edge↔shield RTT, ms, for all PoPs or per PoP (default 0). */
  shieldRttMs?: RttTable;
  /** Emulated RTT of every origin fetch, ms: shield↔origin, or edge↔origin per PoP without a shield (default 0). */
  originRttMs?: RttTable;
  /** Byte bound of each cache (every PoP and the shield have their own), default 64 MiB. */
  maxBytes?: number;
  /** Largest response stored, bytes (default maxBytes / 8); larger ones are served, not stored. */
  maxObjectBytes?: number;
  /** Bearer token of POST /__cdn/purge; without one purging is disabled (403). */
  purgeToken?: string;
  /** Origin headers/body timeout, ms (default 10 000); a timeout answers 504. */
  originTimeoutMs?: number;
  /** Most connections to the origin (default 256). */
  originConnections?: number;
  /** Obey request Cache-Control (no-cache, max-age, …) and Pragma: no-cache (default true; real CDNs often ignore them). */
  honorRequestCacheControl?: boolean;
  /** Hit-for-pass period after an uncacheable response, seconds (default 5). */
  hitForPassS?: number;
  /** Heuristic freshness: fraction of (Date − Last-Modified), default 0.1, capped at `heuristicMaxS` (default 86 400). */
  heuristicFraction?: number;
  heuristicMaxS?: number;
  /** Keep Surrogate-Key / Surrogate-Control in responses to clients (default false: stripped, as Fastly does). */
  exposeSurrogateHeaders?: boolean;
  /**
   * Serve a stale stored response when the origin refuses or closes the connection, without an explicit stale-if-error
   * (RFC 9111 §4.2.4 "disconnected"); never where no-cache, must-revalidate, proxy-revalidate or a bare s-maxage forbid
   * stale. Default false: an origin outage stays visible unless the origin itself allowed stale (see README).
   */
  staleOnOriginError?: boolean;
  /** Clock in ms (tests inject one; default Date.now). */
  clock?: () => number;
}

export interface ResolvedCdnConfig {
  origin: string;
  originHost: string;
  port: number;
  host: string;
  pops: string[];
  defaultPop: string;
  regionRttMs: Record<string, number>;
  regionPop: Record<string, string>;
  shield: boolean;
  shieldRttMs: RttTable;
  originRttMs: RttTable;
  maxBytes: number;
  maxObjectBytes: number;
  purgeToken: string | null;
  originTimeoutMs: number;
  originConnections: number;
  honorRequestCacheControl: boolean;
  hitForPassMs: number;
  heuristic: HeuristicOptions;
  exposeSurrogateHeaders: boolean;
  staleOnOriginError: boolean;
  clock: () => number;
}

const NAME = /^[a-z0-9][a-z0-9_-]*$/i;

function nonNegative(label: string, v: number): number {
  if (!(Number.isFinite(v) && v >= 0)) throw new UserError(`${label} must be a number >= 0, got ${v}`);
  return v;
}

function checkRtt(label: string, t: RttTable): RttTable {
  nonNegative(label, t.fallback);
  for (const [k, v] of Object.entries(t.byName)) nonNegative(`${label} for '${k}'`, v);
  return t;
}

export function resolveCdnConfig(c: CdnConfig): ResolvedCdnConfig {
  const {
    port = 0, host = '127.0.0.1', pops = ['eu', 'us', 'ap'], regionRttMs = {}, regionPop = {}, shield = false,
    shieldRttMs = NO_RTT, originRttMs = NO_RTT, maxBytes = 64 * 1024 * 1024, purgeToken, originTimeoutMs = 10_000,
    originConnections = 256, honorRequestCacheControl = true, hitForPassS = 5, heuristicFraction = 0.1,
    heuristicMaxS = 86_400, exposeSurrogateHeaders = false, staleOnOriginError = false, clock = Date.now,
  } = c;
  let originUrl: URL;
  try {
    originUrl = new URL(c.origin);
  } catch {
    throw new UserError(`origin '${c.origin}' is not a URL; give the base URL of the app or balancer, e.g. http://127.0.0.1:8080`);
  }
  if (originUrl.protocol !== 'http:' && originUrl.protocol !== 'https:') throw new UserError(`origin '${c.origin}' must be http:// or https://`);
  if (originUrl.pathname !== '/' || originUrl.search !== '') throw new UserError(`origin '${c.origin}' must be a base URL without a path or query`);
  if (!(Number.isInteger(port) && port >= 0 && port < 65536)) throw new UserError(`port must be an integer between 0 and 65535, got ${port}`);
  if (pops.length === 0) throw new UserError('pops must name at least one PoP, e.g. eu,us,ap');
  for (const p of pops) {
    if (!NAME.test(p)) throw new UserError(`PoP name '${p}' must be letters, digits, '_' or '-'`);
    if (p === 'shield') throw new UserError(`'shield' is reserved for the shield tier; name the PoP differently`);
  }
  if (new Set(pops).size !== pops.length) throw new UserError(`pops must be distinct, got ${pops.join(',')}`);
  const defaultPop = c.defaultPop ?? pops[0];
  if (!pops.includes(defaultPop)) throw new UserError(`default PoP '${defaultPop}' is not one of the pops (${pops.join(',')})`);
  for (const [region, pop] of Object.entries(regionPop)) {
    if (!pops.includes(pop)) throw new UserError(`region '${region}' maps to PoP '${pop}', which is not one of the pops (${pops.join(',')})`);
  }
  for (const [region, ms] of Object.entries(regionRttMs)) nonNegative(`RTT of region '${region}'`, ms);
  if (!(Number.isInteger(maxBytes) && maxBytes >= 4096)) throw new UserError(`max bytes must be an integer >= 4096, got ${maxBytes}`);
  const maxObjectBytes = c.maxObjectBytes ?? Math.floor(maxBytes / 8);
  if (!(Number.isInteger(maxObjectBytes) && maxObjectBytes > 0 && maxObjectBytes <= maxBytes)) {
    throw new UserError(`max object bytes must be an integer between 1 and max bytes (${maxBytes}), got ${maxObjectBytes}`);
  }
  if (purgeToken !== undefined && purgeToken.length === 0) throw new UserError('purge token must not be empty');
  if (!(originTimeoutMs > 0)) throw new UserError(`origin timeout must be > 0 ms, got ${originTimeoutMs}`);
  if (!(Number.isInteger(originConnections) && originConnections > 0)) throw new UserError(`origin connections must be an integer > 0, got ${originConnections}`);
  if (!(heuristicFraction >= 0 && heuristicFraction <= 1)) throw new UserError(`heuristic fraction must be between 0 and 1, got ${heuristicFraction}`);
  return {
    origin: originUrl.origin,
    originHost: originUrl.host,
    port,
    host,
    pops: [...pops],
    defaultPop,
    regionRttMs: { ...regionRttMs },
    regionPop: { ...regionPop },
    shield,
    shieldRttMs: checkRtt('shield RTT', shieldRttMs),
    originRttMs: checkRtt('origin RTT', originRttMs),
    maxBytes,
    maxObjectBytes,
    purgeToken: purgeToken ?? null,
    originTimeoutMs,
    originConnections,
    honorRequestCacheControl,
    hitForPassMs: nonNegative('hit-for-pass seconds', hitForPassS) * 1000,
    heuristic: { fraction: heuristicFraction, maxS: nonNegative('heuristic max seconds', heuristicMaxS) },
    exposeSurrogateHeaders,
    staleOnOriginError,
    clock,
  };
}
