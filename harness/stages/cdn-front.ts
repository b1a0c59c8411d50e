// The cdn component: the CDN emulator in front of the balancer, with an emulated geography (labelled as emulated in results).
import { randomBytes } from 'node:crypto';
import { cdnFigures, cdnSpec, readCdnCounters } from '../services/cdn.ts';
import { freePort } from '../supervisor/free-port.ts';
import type { Supervisor } from '../supervisor/supervisor.ts';
import type { StartedService } from '../supervisor/started-service.ts';
import type { StepFigures } from '../measure/step-figures.ts';
import type { StageCounters } from './stage-types.ts';

/** What boots in front of the origin (the CDN emulator) and becomes the stage's entry. */
export interface FrontLayer {
  url: string;
  services: StartedService[];
  emulated?: string[];
  /** Its own counters (e.g. hits per PoP), merged into the stage's. */
  readCounters?(startWindow?: boolean): Promise<StageCounters>;
  /** Its own figures of one step. */
  figures?(before: StageCounters, after: StageCounters, completed: number): StepFigures;
}

/** What the app sends for redirects behind the CDN: browsers 60 s, shared caches 1 h, stale allowed (seed's split TTLs). */
export const STAGE4_REDIRECT_CACHE_CONTROL = 'public, max-age=60, s-maxage=3600, stale-while-revalidate=30, stale-if-error=86400';

/**
 * Emulated geography: every client reaches a nearby PoP (5 ms), the PoPs reach the shield next to the origin at
 * their distance (eu 20 ms, us 5 ms, ap 40 ms), the shield reaches the origin in 2 ms. Hits pay the edge RTT only;
 * misses pay the way to the origin, so far users' misses are what the CDN saves them. The distances are kept under
 * the default 100 ms SLO on purpose: with longer ones the p99 of a cold cache measures the emulated geography, and
 * the knee stops saying anything about capacity.
 */
export const CDN_GEOGRAPHY = {
  pops: ['eu', 'us', 'ap'],
  regionRttMs: { eu: 5, us: 5, ap: 5 },
  shieldRttMs: { eu: 20, us: 5, ap: 40 },
  originRttMs: 2,
  maxBytes: 64 * 1024 * 1024,
};

/**
 * Without a CDN, a region's clients reach the origin over the whole distance the CDN would have split: client→edge +
 * edge→shield + shield→origin (eu 27, us 12, ap 47 ms). The generator adds it to each response (emulated, no CPU).
 */
export function originRttByRegion(g = CDN_GEOGRAPHY): Record<string, number> {
  const rtt = g.regionRttMs as Record<string, number>;
  const shield = g.shieldRttMs as Record<string, number>;
  return Object.fromEntries(g.pops.map((r) => [r, (rtt[r] ?? 0) + (shield[r] ?? 0) + g.originRttMs]));
}

/** Region mix of the workload when the user gives none (the CDN routes each region to its PoP). */
export const DEFAULT_CDN_REGIONS: Record<string, number> = { eu: 0.4, us: 0.4, ap: 0.2 };

export interface CdnFrontPlan {
  /** Fixed before anything boots: the apps must know where to purge. */
  url: string;
  port: number;
  purgeToken: string;
  /** What the apps send as Cache-Control on redirects behind the CDN. */
  cacheControl: string;
  /** Starts the CDN in front of `origin` (the balancer) and returns it as the stage's front layer. */
  start(origin: { url: string }): Promise<FrontLayer>;
}

/**
 * `shield: false` takes the shield out: each PoP then fetches from the origin itself, over the distance the shield
 * would have split (edge→shield + shield→origin: eu 22, us 7, ap 42 ms), so only the shield's caching differs.
 */
export async function planCdnFront(supervisor: Supervisor, cpus?: string, opts: { shield?: boolean } = {}): Promise<CdnFrontPlan> {
  const shield = opts.shield ?? true;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const purgeToken = randomBytes(16).toString('hex');
  const g = CDN_GEOGRAPHY;
  return {
    url,
    port,
    purgeToken,
    cacheControl: STAGE4_REDIRECT_CACHE_CONTROL,
    async start(origin) {
      const cdn = await supervisor.start(
        cdnSpec({
          origin: origin.url,
          port,
          pops: g.pops,
          regionRttMs: g.regionRttMs,
          shield,
          ...(shield
            ? { shieldRttMs: { fallback: 0, byName: g.shieldRttMs }, originRttMs: g.originRttMs }
            : { originRttMs: { fallback: g.originRttMs, byName: popOriginRttMs(g) } }),
          maxBytes: g.maxBytes,
          purgeToken,
          cpus,
        }),
      );
      return {
        url,
        services: [cdn],
        emulated: [
          shield
            ? `CDN geography (emulated RTT): client→edge ${fmt(g.regionRttMs)} ms; edge→shield ${fmt(g.shieldRttMs)} ms; shield→origin ${g.originRttMs} ms`
            : `CDN geography (emulated RTT), no origin shield: client→edge ${fmt(g.regionRttMs)} ms; edge→origin ${fmt(popOriginRttMs(g))} ms`,
          'all CDN PoPs and the shield run in one local process (scaleladder-cdn), not at real distances',
        ],
        readCounters: () => readCdnCounters(url),
        figures: (before, after) => cdnFigures(before, after),
      };
    },
  };
}

/** Without a shield, each PoP's way to the origin: its edge→shield distance plus shield→origin. */
export function popOriginRttMs(g = CDN_GEOGRAPHY): Record<string, number> {
  const shield = g.shieldRttMs as Record<string, number>;
  return Object.fromEntries(g.pops.map((p) => [p, (shield[p] ?? 0) + g.originRttMs]));
}

function fmt(t: Record<string, number>): string {
  return Object.entries(t)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
}
