// Boots the emulator in-process: origin pool, optional shield, one tier per PoP, routes, HTTP server → a started handle.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CacheTier } from './cache-tier.ts';
import { resolveCdnConfig, type CdnConfig, type ResolvedCdnConfig } from './cdn-config.ts';
import { renderCdnMetrics } from './cdn-metrics.ts';
import { cdnStats, type CdnStats } from './cdn-stats.ts';
import { createControl } from './control-routes.ts';
import { createFront, type Route } from './http-front.ts';
import { originUpstream } from './origin-upstream.ts';
import { applyPurge, purgePath, type PurgeRequest, type PurgeResult } from './purge.ts';
import { rttFor } from './rtt-table.ts';
import { tierUpstream } from './tier-upstream.ts';
import { delayedUpstream, type Upstream } from './upstream.ts';

export interface StartedCdn {
  /** Entry URL, e.g. http://127.0.0.1:40123 */
  url: string;
  port: number;
  config: ResolvedCdnConfig;
  /** The PoP tiers by name, and the shield (tests and the in-process harness read them). */
  pops: Map<string, CacheTier>;
  shield: CacheTier | null;
  stats(): CdnStats;
  purge(p: PurgeRequest): PurgeResult;
  /** Stops accepting, lets in-flight requests finish (up to `graceMs`), closes the origin pool. Safe to call twice. */
  close(graceMs?: number): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export async function startCdn(config: CdnConfig): Promise<StartedCdn> {
  const c = resolveCdnConfig(config);
  const origin = originUpstream(c.origin, { connections: c.originConnections, timeoutMs: c.originTimeoutMs });
  const tier = (name: string, role: 'edge' | 'shield', upstream: Upstream) =>
    new CacheTier({
      name, role, upstream, maxBytes: c.maxBytes, maxObjectBytes: c.maxObjectBytes, heuristic: c.heuristic,
      honorRequestCacheControl: c.honorRequestCacheControl, hitForPassMs: c.hitForPassMs,
      purgeFenceMs: c.originTimeoutMs * 3, originHost: c.originHost, staleOnOriginError: c.staleOnOriginError, clock: c.clock,
    });
  const shield = c.shield ? tier('shield', 'shield', delayedUpstream(origin, rttFor(c.originRttMs, 'shield'))) : null;
  const pops = new Map<string, CacheTier>();
  for (const name of c.pops) {
    const up = shield !== null ? delayedUpstream(tierUpstream(shield, c.clock), rttFor(c.shieldRttMs, name)) : delayedUpstream(origin, rttFor(c.originRttMs, name));
    pops.set(name, tier(name, 'edge', up));
  }
  const rttOf = (region: string) => c.regionRttMs[region] ?? c.regionRttMs['*'] ?? 0;
  const routes = new Map<string, Route>();
  const regions = new Set([...c.pops, ...Object.keys(c.regionRttMs), ...Object.keys(c.regionPop)]);
  regions.delete('*');
  regions.delete('default');
  for (const region of regions) {
    const popName = c.regionPop[region] ?? (pops.has(region) ? region : c.defaultPop);
    routes.set(region, { region, pop: pops.get(popName)!, rttMs: rttOf(region), requests: 0 });
  }
  const defaultRoute: Route = { region: 'default', pop: pops.get(c.defaultPop)!, rttMs: c.regionRttMs.default ?? c.regionRttMs['*'] ?? 0, requests: 0 };
  const allRoutes = [...routes.values(), defaultRoute];
  const tiers = [...(shield ? [shield] : []), ...pops.values()];
  const startedMs = Date.now();
  const stats = () => cdnStats({ config: c, pops: [...pops.values()], shield, routes: allRoutes, originFetches: origin.fetches, startedMs });
  const purge = (p: PurgeRequest) => applyPurge(tiers, { urls: (p.urls ?? []).map(purgePath), keys: p.keys ?? [], soft: p.soft ?? false });
  const control = createControl({ stats, metrics: () => renderCdnMetrics(stats()), purge: (p) => applyPurge(tiers, p), purgeToken: c.purgeToken });
  const server = createServer(
    { keepAliveTimeout: 65_000, requestTimeout: 0 },
    createFront({ routes, defaultRoute, control, clock: c.clock, hideSurrogateHeaders: !c.exposeSurrogateHeaders, maxRequestBodyBytes: 8 * 1024 * 1024 }),
  );
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(c.port, c.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | null = null;
  const close = (graceMs = 3000): Promise<void> =>
    (closing ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), graceMs);
      await closed;
      clearTimeout(timer);
      await origin.close();
    })());
  return {
    url: `http://${c.host.includes(':') ? `[${c.host}]` : c.host}:${port}`,
    port,
    config: c,
    pops,
    shield,
    stats,
    purge,
    close,
    [Symbol.asyncDispose]: () => close(),
  };
}
