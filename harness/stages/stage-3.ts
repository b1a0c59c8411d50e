// Stage 3: N app processes (one SQLite file, shared Redis, a local LRU each) behind a real nginx or HAProxy.
import { appProcessSpec } from '../services/app-process.ts';
import { startBalancer, upstreamOf } from '../services/balancer.ts';
import { redisServerSpec } from '../services/redis-server.ts';
import { freePort } from '../supervisor/free-port.ts';
import { appFigures, readAppsCounters } from './app-metrics-reader.ts';
import { seedStageDb } from './stage-1.ts';
import type { BootedStage, StageBootOptions } from './stage-types.ts';

export async function bootStage3(o: StageBootOptions): Promise<BootedStage> {
  const { dbPath, seed, codes } = seedStageDb(o);
  const t = o.topology;
  const t0 = performance.now();
  const redis = await o.supervisor.start(redisServerSpec({ port: await freePort(), runDir: o.runDir, maxmemory: t.redisMaxmemory, cpus: o.stageCpus }));
  const extraArgs = ['--stage', '3', '--redis-url', redis.url!, '--local-lru-size', String(t.localLruSize)];
  const apps = await Promise.all(
    Array.from({ length: t.appProcesses }, (_, i) =>
      o.supervisor.start(appProcessSpec({ name: `app-${i + 1}`, dbPath, adminToken: o.adminToken, cpus: o.stageCpus, extraArgs })),
    ),
  );
  const lb = await startBalancer({ supervisor: o.supervisor, runDir: o.runDir, balancer: t.balancer, algorithm: t.algorithm, upstreams: apps.map(upstreamOf), cpus: o.stageCpus });
  const appUrls = apps.map((a) => a.url!);
  return {
    stage: 3,
    entryUrl: lb.url,
    services: [...apps, redis, lb.service],
    codes,
    seed: { links: o.seedLinks, ms: seed.ms },
    bootMs: performance.now() - t0,
    emulated: [],
    readCounters: (startWindow) => readAppsCounters(appUrls, startWindow),
    figures: (before, after) => ({ ...appFigures(before, after), appProcesses: t.appProcesses }),
  };
}
