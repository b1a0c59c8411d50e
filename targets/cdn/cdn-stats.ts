// The GET /__cdn/stats document: per-tier counters and gauges, totals, regions, and what is emulated.
import type { CacheTier } from './cache-tier.ts';
import type { ResolvedCdnConfig } from './cdn-config.ts';
import type { Route } from './http-front.ts';
import { formatRttTable } from './rtt-table.ts';
import type { TierCounters } from './tier-counters.ts';

export interface TierStats extends TierCounters {
  role: 'edge' | 'shield';
  /** Fetches this tier sent to the origin itself (0 for PoPs behind a shield). */
  originFetches: number;
  /** (hits + stale) / (requests − bypass). */
  hitRatio: number;
  storedBytes: number;
  storedObjects: number;
  maxBytes: number;
  evictions: number;
}

export interface CdnStats {
  schema: 'scaleladder-cdn-stats/1';
  pid: number;
  uptimeS: number;
  origin: string;
  /** Human-readable list of everything emulated rather than real (results must label these). */
  emulated: string[];
  totals: {
    /** Client requests (all PoPs). */
    requests: number;
    hits: number;
    misses: number;
    stale: number;
    revalidated: number;
    bypass: number;
    collapsed: number;
    /** Requests that reached the origin, all tiers and methods. */
    originFetches: number;
    originFetchesPerRequest: number;
    hitRatio: number;
    bytesServed: number;
    evictions: number;
  };
  pops: Record<string, TierStats>;
  shield: TierStats | null;
  regions: Record<string, { pop: string; rttMs: number; requests: number }>;
}

const ratio = (a: number, b: number): number => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : 0);

export function tierStats(t: CacheTier): TierStats {
  const c = t.counters;
  return {
    role: t.role,
    ...c,
    notStored: { ...c.notStored },
    originFetches: t.upstream.isOrigin ? c.upstreamFetches : 0,
    hitRatio: ratio(c.hits + c.stale, c.requests - c.bypass),
    storedBytes: t.store.bytes,
    storedObjects: t.store.objects,
    maxBytes: t.store.maxBytes,
    evictions: t.store.evictions,
  };
}

/** The `emulated` list: every delay and simplification that stands in for real geography. */
export function emulatedLabels(c: ResolvedCdnConfig, routes: Route[]): string[] {
  const regions = routes.map((r) => `${r.region}=${r.rttMs}`).join(' ');
  const out = [
    `client↔edge RTT per region, ms, added before each answer (emulated): ${regions}`,
    `PoPs ${c.pops.join(',')} are in-process caches of one process on one host; regions reach them through the x-client-region header (emulated geography)`,
  ];
  if (c.shield) {
    out.push(`edge↔shield RTT, ms, added before each shield fetch (emulated): ${formatRttTable(c.shieldRttMs)}`);
    out.push(`shield↔origin RTT, ms, added before each origin fetch (emulated): ${formatRttTable(c.originRttMs)}`);
  } else {
    out.push(`edge↔origin RTT, ms, added before each origin fetch (emulated): ${formatRttTable(c.originRttMs)}`);
  }
  return out;
}

export function cdnStats(x: {
  config: ResolvedCdnConfig; pops: CacheTier[]; shield: CacheTier | null; routes: Route[]; originFetches: number; startedMs: number;
}): CdnStats {
  const pops: Record<string, TierStats> = {};
  const t = { requests: 0, hits: 0, misses: 0, stale: 0, revalidated: 0, bypass: 0, collapsed: 0, bytesServed: 0, evictions: 0 };
  for (const p of x.pops) {
    const s = (pops[p.name] = tierStats(p));
    for (const k of Object.keys(t) as (keyof typeof t)[]) t[k] += s[k];
  }
  const shield = x.shield === null ? null : tierStats(x.shield);
  if (shield !== null) {
    t.collapsed += shield.collapsed;
    t.evictions += shield.evictions;
  }
  const regions: CdnStats['regions'] = {};
  for (const r of x.routes) regions[r.region] = { pop: r.pop.name, rttMs: r.rttMs, requests: r.requests };
  return {
    schema: 'scaleladder-cdn-stats/1',
    pid: process.pid,
    uptimeS: Math.round((Date.now() - x.startedMs) / 100) / 10,
    origin: x.config.origin,
    emulated: emulatedLabels(x.config, x.routes),
    totals: {
      ...t,
      originFetches: x.originFetches,
      originFetchesPerRequest: ratio(x.originFetches, t.requests),
      hitRatio: ratio(t.hits + t.stale, t.requests - t.bypass),
    },
    pops,
    shield,
    regions,
  };
}
