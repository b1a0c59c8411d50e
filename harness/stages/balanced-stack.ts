// N app processes behind a real nginx or HAProxy, with a shared Redis (one server, or a Redis Cluster) and a local LRU
// each, over one SQLite file or K shard files: the body of stages 3 and 5 (stage 4 adds a front layer through `front`).
import { join } from 'node:path';
import { seedShards } from '../../targets/shards/seed-shards.ts';
import { appProcessSpec } from '../services/app-process.ts';
import { startBalancer, upstreamOf } from '../services/balancer.ts';
import { startRedisCluster } from '../services/redis-cluster.ts';
import { redisServerSpec } from '../services/redis-server.ts';
import { freePort } from '../supervisor/free-port.ts';
import type { StartedService } from '../supervisor/started-service.ts';
import { appFigures, readAppsCounters } from './app-metrics-reader.ts';
import { seededCodes } from './seeded-codes.ts';
import { shardFigures } from './shard-figures.ts';
import { seedStageDb } from './stage-1.ts';
import type { BootedStage, StageBootOptions, StageCounters } from './stage-types.ts';

/** What boots in front of the balancer (stage 4: the CDN emulator) and becomes the stage's entry. */
export interface FrontLayer {
  url: string;
  services: StartedService[];
  emulated?: string[];
  /** Its own counters (e.g. hits per PoP), merged into the stage's. */
  readCounters?(startWindow?: boolean): Promise<StageCounters>;
  /** Its own figures of one step. */
  figures?(before: StageCounters, after: StageCounters, completed: number): Record<string, number>;
}

export interface BalancedStackOptions {
  /** The stage number the apps report and the result carries. */
  stage: number;
  /** A Redis Cluster of `topology.clusterNodes` masters instead of one redis-server (stage 5). */
  cluster: boolean;
  /** Shard the links over `topology.shards` SQLite files in `<runDir>/shards` instead of one file (stage 5). */
  sharded: boolean;
  /** Apps count clicks in memory and flush every `topology.clickFlushMs` (stage 5); false: one UPDATE per redirect. */
  writeBehind: boolean;
  /** More app flags (stage 4: the CDN's Cache-Control and purge URL). */
  appArgs?: string[];
  /** Boots a layer in front of the balancer (given the balancer's URL, the origin) and makes it the entry (stage 4). */
  front?: (origin: { url: string }) => Promise<FrontLayer>;
}

export async function bootBalancedStack(o: StageBootOptions, s: BalancedStackOptions): Promise<BootedStage> {
  const t = o.topology;
  const store = s.sharded ? seedShardFolder(o) : seedOneFile(o);
  const t0 = performance.now();
  let redisUrl: string;
  let cacheServices: StartedService[];
  if (s.cluster) {
    const cluster = await startRedisCluster({ supervisor: o.supervisor, runDir: o.runDir, nodes: t.clusterNodes, maxmemory: t.redisMaxmemory, cpus: o.stageCpus });
    redisUrl = cluster.url;
    cacheServices = cluster.nodes;
  } else {
    const redis = await o.supervisor.start(redisServerSpec({ port: await freePort(), runDir: o.runDir, maxmemory: t.redisMaxmemory, cpus: o.stageCpus }));
    redisUrl = redis.url!;
    cacheServices = [redis];
  }
  const extraArgs = [
    '--stage', String(s.stage),
    '--redis-url', redisUrl,
    '--local-lru-size', String(t.localLruSize),
    ...(s.writeBehind ? ['--write-behind', '--click-flush-ms', String(t.clickFlushMs)] : ['--sync-clicks']),
    ...(t.stampedeDefences ? [] : ['--no-stampede-defences']),
    ...(s.appArgs ?? []),
  ];
  const apps = await Promise.all(
    Array.from({ length: t.appProcesses }, (_, i) =>
      o.supervisor.start(appProcessSpec({ name: `app-${i + 1}`, ...store.where, adminToken: o.adminToken, cpus: o.stageCpus, extraArgs })),
    ),
  );
  const lb = await startBalancer({ supervisor: o.supervisor, runDir: o.runDir, balancer: t.balancer, algorithm: t.algorithm, upstreams: apps.map(upstreamOf), cpus: o.stageCpus });
  // The place for stage 4: a layer in front of the balancer becomes the entry.
  const front = s.front ? await s.front({ url: lb.url }) : undefined;
  const appUrls = apps.map((a) => a.url!);
  return {
    stage: s.stage,
    entryUrl: front?.url ?? lb.url,
    services: [...(front?.services ?? []), ...apps, ...cacheServices, lb.service],
    codes: store.codes,
    seed: { links: o.seedLinks, ms: store.seedMs },
    bootMs: performance.now() - t0,
    emulated: front?.emulated ?? [],
    async readCounters(startWindow) {
      const [app, fr] = await Promise.all([readAppsCounters(appUrls, startWindow), front?.readCounters?.(startWindow) ?? {}]);
      return { ...fr, ...app };
    },
    figures: (before, after, completed) => ({
      ...appFigures(before, after),
      appProcesses: t.appProcesses,
      ...(s.sharded || s.writeBehind ? shardFigures(before, after) : {}),
      ...(s.cluster ? { redisClusterNodes: cacheServices.length } : {}),
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
