// plan reads only figures the stages really write: every key it looks up is produced by a stage's figure function.
import { describe, expect, it } from 'vitest';
import { FIGURE_KEYS } from '../../harness/plan/plan-assumptions.ts';
import { cdnFigures } from '../../harness/services/cdn.ts';
import { appFigures } from '../../harness/stages/app-metrics-reader.ts';
import { shardFigures } from '../../harness/stages/shard-figures.ts';
import { pgCpuFigures, pgFigures } from '../../harness/stages/pg-figures.ts';
import { STAGE_TOPOLOGY_DEFAULTS } from '../../harness/stages/stage-topology.ts';

describe('plan figure keys', () => {
  it('every figure key plan claims to read is one a stage writes', () => {
    const before = {};
    const after = { redirects: 10, dbReads: 5, redisHits: 5, redisMisses: 5, localHits: 3, localMisses: 1, cdnRequests: 10, cdnHits: 5, cdnOriginRequests: 5, 'shardWrites.0': 4, 'shardWrites.1': 6 };
    const pgAfter = { 'pgQueries@primary': 10, 'pgQueries@replica-1': 20 };
    const dbs = [{ name: 'pg', role: 'db', cpuSeconds: 0.01 }, { name: 'pg-replica-1', role: 'db', cpuSeconds: 0.02 }];
    const written = new Set([
      ...Object.keys(appFigures(before, { ...after, redisHits: 5, redisMisses: 5 })),
      ...Object.keys(cdnFigures(before, after)),
      ...Object.keys(shardFigures(before, after)),
      ...Object.keys(pgFigures(before, pgAfter, 10, 1)),
      ...Object.keys(pgCpuFigures(dbs, before, pgAfter)),
      'dbReadsPerRequest',
    ]);
    const read = Object.values(FIGURE_KEYS).flat() as string[];
    for (const k of read) expect(written, `plan reads figure "${k}" that no stage writes`).toContain(k);
    expect(read).toContain('cdnHitRatio');
  });

  it('the app process count plan reads (config.topology.appProcesses) is a topology field bench writes', () => {
    expect(STAGE_TOPOLOGY_DEFAULTS).toHaveProperty('appProcesses');
  });
});
