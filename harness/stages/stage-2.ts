// Stage 2: stage 1 + a harness-owned redis-server; the app reads redirects through Redis cache-aside.
import { redisServerSpec } from '../services/redis-server.ts';
import { appProcessSpec } from '../services/app-process.ts';
import { freePort } from '../supervisor/free-port.ts';
import { appFigures, readAppsCounters } from './app-metrics-reader.ts';
import { seedStageDb } from './stage-1.ts';
import type { BootedStage, StageBootOptions } from './stage-types.ts';

export async function bootStage2(o: StageBootOptions): Promise<BootedStage> {
  const { dbPath, seed, codes } = seedStageDb(o);
  const t0 = performance.now();
  const redis = await o.supervisor.start(
    redisServerSpec({ port: await freePort(), runDir: o.runDir, maxmemory: o.topology.redisMaxmemory, cpus: o.stageCpus }),
  );
  const app = await o.supervisor.start(
    appProcessSpec({ name: 'app-1', dbPath, adminToken: o.adminToken, cpus: o.stageCpus, extraArgs: ['--stage', '2', '--redis-url', redis.url!, ...(o.topology.stampedeDefences ? [] : ['--no-stampede-defences'])] }),
  );
  const apps = [app.url!];
  return {
    stage: 2,
    entryUrl: app.url!,
    services: [app, redis],
    codes,
    seed: { links: o.seedLinks, ms: seed.ms },
    bootMs: performance.now() - t0,
    emulated: [],
    readCounters: (startWindow) => readAppsCounters(apps, startWindow),
    figures: (before, after) => appFigures(before, after),
  };
}
