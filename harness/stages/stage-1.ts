// Stage 1: one app process on one SQLite file (WAL), clicks written synchronously: the baseline of the ladder.
import { join } from 'node:path';
import { seedLinks } from '../../targets/app/seed-links.ts';
import { Wait } from '../supervisor/wait.ts';
import { appFigures, readAppCounters } from './app-metrics-reader.ts';
import { nodeTsCommand } from './node-ts-command.ts';
import { seededCodes } from './seeded-codes.ts';
import type { BootedStage, StageBootOptions } from './stage-types.ts';

export async function bootStage1(o: StageBootOptions): Promise<BootedStage> {
  const dbPath = join(o.runDir, 'stage1.sqlite');
  const seed = seedLinks(dbPath, o.seedLinks, { reset: true });
  const codes = seededCodes(seed.first, seed.last, o.seed);
  const t0 = performance.now();
  const cmd = nodeTsCommand('targets/app/server.ts', ['--port', '0', '--db', dbPath, '--admin-token', o.adminToken, '--instance-id', 'app-1']);
  const app = await o.supervisor.start({
    name: 'app-1',
    role: 'app',
    command: cmd.command,
    args: cmd.args,
    cpus: o.stageCpus,
    ready: Wait.forLogLine(/scaleladder-app listening on (http:\/\/\S+)/),
    readyTimeoutMs: 20_000,
  });
  const bootMs = performance.now() - t0;
  const entryUrl = app.url!;
  return {
    stage: 1,
    entryUrl,
    services: [app],
    codes,
    seed: { links: o.seedLinks, ms: seed.ms },
    bootMs,
    emulated: [],
    readCounters: (startWindow) => readAppCounters(entryUrl, startWindow),
    figures: (before, after) => appFigures(before, after),
  };
}
