// Stage 1: one app process on one SQLite file (WAL), clicks written synchronously: the baseline of the ladder.
import { join } from 'node:path';
import { seedLinks } from '../../targets/app/seed-links.ts';
import { appProcessSpec } from '../services/app-process.ts';
import { appFigures, readAppsCounters } from './app-metrics-reader.ts';
import { seededCodes } from './seeded-codes.ts';
import type { StartedService } from '../supervisor/started-service.ts';
import type { BootedStage, StageBootOptions } from './stage-types.ts';

/** Seeds the stage's SQLite file and returns its path and the seeded codes in popularity order. */
export function seedStageDb(o: StageBootOptions) {
  const dbPath = join(o.runDir, `stage.sqlite`);
  const seed = seedLinks(dbPath, o.seedLinks, { reset: true });
  return { dbPath, seed, codes: seededCodes(seed.first, seed.last, o.seed) };
}

export function bootStage1(o: StageBootOptions): Promise<BootedStage> {
  return bootSingleApp(o, { stage: 1 });
}

/** One app process, optionally with services it depends on (stage 2: redis) started first and passed as flags. */
export async function bootSingleApp(
  o: StageBootOptions,
  s: { stage: number; deps?: () => Promise<{ services: StartedService[]; appArgs: string[] }> },
): Promise<BootedStage> {
  const { dbPath, seed, codes } = seedStageDb(o);
  const t0 = performance.now();
  const deps = (await s.deps?.()) ?? { services: [], appArgs: [] };
  const app = await o.supervisor.start(
    appProcessSpec({ name: 'app-1', dbPath, adminToken: o.adminToken, cpus: o.stageCpus, extraArgs: ['--stage', String(s.stage), ...deps.appArgs] }),
  );
  const apps = [app.url!];
  return {
    stage: s.stage,
    entryUrl: app.url!,
    services: [app, ...deps.services],
    codes,
    seed: { links: o.seedLinks, ms: seed.ms },
    bootMs: performance.now() - t0,
    emulated: [],
    readCounters: (startWindow) => readAppsCounters(apps, startWindow),
    figures: (before, after) => appFigures(before, after),
  };
}
