// One boot loop for every stage: the store, the cache, N apps, the balancer and the CDN, each only if the composition has it.
import { join } from 'node:path';
import { seedShards } from '../../targets/shards/seed-shards.ts';
import { HOP_TIMER_RESOLUTION_MS } from '../../targets/hops/emulated-hop.ts';
import { appFlagArgs } from '../services/app-flags.ts';
import { appProcessSpec } from '../services/app-process.ts';
import { startBalancer, upstreamOf } from '../services/balancer.ts';
import { startRedisCluster } from '../services/redis-cluster.ts';
import { redisServerSpec } from '../services/redis-server.ts';
import { freePort } from '../supervisor/free-port.ts';
import type { StartedService } from '../supervisor/started-service.ts';
import { startLagSampler, type LagSampler } from '../services/postgres-lag.ts';
import { appFigures, readAppsCounters } from './app-metrics-reader.ts';
import { clickFigures } from './click-figures.ts';
import { shardFilesIn, sqliteClickTotal } from './sqlite-clicks.ts';
import { pgFigures } from './pg-figures.ts';
import { bootPostgresStore } from './postgres-store.ts';
import { planCdnFront } from './cdn-front.ts';
import { seededCodes } from './seeded-codes.ts';
import { shardFigures } from './shard-figures.ts';
import { seedStageDb } from './seed-stage-db.ts';
import type { StageComposition } from './stage-definitions.ts';
import type { BootedStage, StageBootOptions, StageCounters } from './stage-types.ts';

export async function bootComposition(c: StageComposition, o: StageBootOptions): Promise<BootedStage> {
  const t = o.topology;
  const t0 = performance.now();
  // With shards on PostgreSQL, K primaries (booted at once) instead of one.
  const pgStore = c.has('postgres') ? await bootPostgresStore(o, c.has('shards') ? t.shards : 0) : undefined;
  const store = pgStore ? { where: {}, codes: pgStore.codes, seedMs: pgStore.seedMs } : c.has('shards') ? seedShardFolder(o) : seedOneFile(o);
  const dbServices = pgStore?.services ?? [];
  // Where the clicks end up (SQLite only): read at boot and after the run for the click ledger.
  const where: { dbPath?: string; dbDir?: string } = store.where;
  const clickFiles = where.dbDir !== undefined ? () => shardFilesIn(where.dbDir!) : where.dbPath !== undefined ? () => [where.dbPath!] : undefined;

  let redisUrl: string | undefined;
  const cacheServices: StartedService[] = [];
  if (c.has('redis-cluster')) {
    const cluster = await startRedisCluster({ supervisor: o.supervisor, runDir: o.runDir, nodes: t.clusterNodes, maxmemory: t.redisMaxmemory, policy: t.redisPolicy, cpus: o.stageCpus });
    redisUrl = cluster.url;
    cacheServices.push(...cluster.nodes);
  } else if (c.has('redis')) {
    const redis = await o.supervisor.start(redisServerSpec({ port: await freePort(), runDir: o.runDir, maxmemory: t.redisMaxmemory, policy: t.redisPolicy, cpus: o.stageCpus }));
    redisUrl = redis.url!;
    cacheServices.push(redis);
  }

  // The CDN's address is fixed before the apps boot: they purge it on create and delete.
  const cdn = c.has('cdn') ? await planCdnFront(o.supervisor, o.stageCpus, { shield: t.cdnShield }) : undefined;
  const args = appFlagArgs({
    stage: c.stage,
    redisUrl,
    localLruSize: c.has('local-lru') ? t.localLruSize : undefined,
    localLruTtlMs: c.has('local-lru') ? t.localLruTtlMs : undefined,
    writeBehind: c.has('write-behind'),
    clickFlushMs: c.has('write-behind') ? t.clickFlushMs : undefined,
    writeThrough: c.has('write-through'),
    stampedeDefences: t.stampedeDefences,
    cacheTtlMs: t.cacheTtlMs,
    ttlJitter: t.ttlJitter,
    dbReadDelayMs: t.dbReadDelayMs,
    cacheControl: t.redirectCacheControl ?? cdn?.cacheControl,
    redirectStatus: t.redirectStatus !== 302 ? t.redirectStatus : undefined,
    varyUserAgent: t.varyUserAgent,
    cdn: cdn ? { url: cdn.url, purgeToken: cdn.purgeToken } : undefined,
    hopMs: redisUrl !== undefined || pgStore ? t.hopMs : undefined,
    maxWorkMs: o.maxWorkMs,
  });
  const appCount = c.has('balancer') ? t.appProcesses : 1;
  // Each app gets its port up front, so a restart (kill-app) starts the very same spec and the balancer finds it again.
  const startApp = async (i: number) =>
    o.supervisor.start(
      appProcessSpec({ name: `app-${i + 1}`, ...store.where, adminToken: o.adminToken, port: await freePort(), cpus: o.stageCpus, extraArgs: [...args, ...(pgStore?.appArgs ?? [])] }),
    );
  const apps = await Promise.all(Array.from({ length: appCount }, (_, i) => startApp(i)));
  const lb = c.has('balancer')
    ? await startBalancer({ supervisor: o.supervisor, runDir: o.runDir, balancer: t.balancer, algorithm: t.algorithm, upstreams: apps.map(upstreamOf), cpus: o.stageCpus })
    : undefined;
  const origin = lb?.url ?? apps[0].url!;
  const front = cdn ? await cdn.start({ url: origin }) : undefined;
  // Read from the live service list: a fault may restart an app (same URL) or add one (add-app).
  const services = [...(front?.services ?? []), ...apps, ...cacheServices, ...(lb ? [lb.service] : []), ...dbServices];
  const appUrls = () => services.filter((s) => s.role === 'app' && s.url !== undefined).map((s) => s.url!);
  let started = appCount;
  // Replica lag per step: a sampler on the primary opened at the step's start window and closed at its figures.
  const replicas = pgStore?.replicas ?? 0;
  let lag: LagSampler | undefined;
  const takeLag = () => {
    const s = lag?.take();
    lag?.stop().catch(() => undefined);
    lag = undefined;
    return s;
  };
  return {
    stage: c.stage,
    composition: c,
    entryUrl: front?.url ?? origin,
    services,
    codes: store.codes,
    seed: { links: o.seedLinks, ms: store.seedMs },
    bootMs: performance.now() - t0,
    emulated: [
      ...(front?.emulated ?? []),
      ...hopNote(t.hopMs, redisUrl !== undefined, pgStore !== undefined),
      ...(redisUrl !== undefined && t.dbReadDelayMs > 0 ? [`DB round trip on each cache miss: ${t.dbReadDelayMs} ms (emulated, a delay in the app that burns no CPU)`] : []),
      ...(replicas > 0 && t.replicaDelayMs > 0 ? [`read replicas ${t.replicaDelayMs} ms behind the primary (recovery_min_apply_delay: each commit applied that late)`] : []),
    ],
    ...(clickFiles ? { clickTotal: () => sqliteClickTotal(clickFiles()) } : {}),
    async readCounters(startWindow) {
      if (startWindow && pgStore?.primaryUrl !== undefined && replicas > 0) {
        lag?.stop().catch(() => undefined);
        lag = startLagSampler(pgStore.primaryUrl);
      }
      const [app, fr] = await Promise.all([readAppsCounters(appUrls(), startWindow), front?.readCounters?.(startWindow) ?? ({} as StageCounters)]);
      return { ...fr, ...app };
    },
    ...(lb
      ? {
          balancer: lb,
          async addApp() {
            const app = await startApp(started++);
            services.push(app);
            return app;
          },
        }
      : {}),
    figures: (before, after, completed) => ({
      ...appFigures(before, after),
      ...clickFigures(before, after),
      ...(c.has('balancer') ? { appProcesses: appCount } : {}),
      ...(c.has('shards') || c.has('write-behind') ? shardFigures(before, after) : {}),
      ...(c.has('redis-cluster') ? { redisClusterNodes: cacheServices.length } : {}),
      ...(pgStore ? pgFigures(before, after, completed, replicas, takeLag()) : {}),
      ...(front?.figures?.(before, after, completed) ?? {}),
    }),
  };
}

function seedOneFile(o: StageBootOptions) {
  const { dbPath, seed, codes } = seedStageDb(o);
  return { where: { dbPath }, codes, seedMs: seed.ms };
}

function seedShardFolder(o: StageBootOptions) {
  const dbDir = join(o.runDir, 'shards');
  const seed = seedShards(dbDir, o.topology.shards, o.seedLinks, { reset: true });
  return { where: { dbDir, shards: o.topology.shards }, codes: seededCodes(seed.first, seed.last, o.seed), seedMs: seed.ms };
}

/** The result's label of the emulated app ↔ Redis / app ↔ PostgreSQL hops (none when off or when the stage has neither). */
function hopNote(hopMs: number, redis: boolean, postgres: boolean): string[] {
  const to = [redis ? 'Redis' : '', postgres ? 'PostgreSQL' : ''].filter((x) => x !== '');
  if (!(hopMs > 0) || to.length === 0) return [];
  const tick = hopMs < HOP_TIMER_RESOLUTION_MS ? ` (Node timers tick in ${HOP_TIMER_RESOLUTION_MS} ms: each hop took ${HOP_TIMER_RESOLUTION_MS}–${2 * HOP_TIMER_RESOLUTION_MS} ms)` : '';
  return [`app↔${to.join(', app↔')} hop (emulated, a timer per round trip in the app, no CPU): ${hopMs} ms${tick}`];
}
