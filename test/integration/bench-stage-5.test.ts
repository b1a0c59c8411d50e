// Stage 5 end to end through the bench pipeline: a real 3-node Redis Cluster, 4 SQLite shards, write-behind clicks,
// 2 app processes behind real nginx.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { normalizeBenchOptions } from '../../harness/bench/bench-options.ts';
import { runBench } from '../../harness/bench/run-bench.ts';
import { shardFile } from '../../targets/shards/shard-files.ts';
import { isRunning } from '../fixtures/proc-alive.ts';


describe('bench stage 5', () => {
  // Cold caches (primeCodes 0): primed GETs through the CDN would leave a 2 s step with no redirect reaching the apps.
  it('given a short run behind the CDN, then origin misses go through the cluster cache, writes spread over the shards, and every process is gone after', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sl-s5-'));
    const { result } = await runBench(
      normalizeBenchOptions({ stage: 5, resultsDir: dir, tiers: ['10k'], stepDurationS: 2, warmupS: 1, seedLinks: 2000, primeCodes: 0, pin: false, progress: false, machineCpu: 'none', topology: { appProcesses: 2 } }),
    );
    const s = result.steps[0];
    expect(result.aborted).toBe(false);
    expect(s.statusCounts['302']).toBeGreaterThan(100);
    expect(s.errorRate).toBeLessThan(0.01);
    const redisNodes = s.processes.filter((p) => p.role === 'cache');
    expect(redisNodes.map((p) => p.name).sort()).toEqual(['redis-node-1', 'redis-node-2', 'redis-node-3']);
    expect(s.processes.filter((p) => p.role === 'app')).toHaveLength(2);
    expect(s.processes.find((p) => p.role === 'balancer')?.name).toBe('nginx');
    const f = s.figures;
    // The CDN in front answers most redirects; the misses reach the apps and go through the cluster cache.
    expect(f.cdnHitRatio).toBeGreaterThan(0);
    expect(f.cacheHitRatio).toBeDefined();
    expect(f.redisClusterNodes).toBe(3);
    expect(f.shards).toBe(4);
    expect(f.clickFlushes).toBeGreaterThan(0);
    expect(f.clicksFlushed).toBeGreaterThan(0);
    expect(f.shardWritesMax).toBeGreaterThan(0);
    expect(f.shardWriteSkew).toBeGreaterThanOrEqual(1);
    // Write-behind: clicks go to the DB in a few batched flushes, not one commit per redirect. (Behind the CDN the
    // redirects that reach the apps are mostly first clicks of distinct links, so rows written ≈ redirects.)
    expect(f.clickFlushes).toBeLessThan(f.redirects! / 10);
    expect(result.config.topology?.shards).toBe(4);
    for (const p of s.processes) expect(isRunning(p.pid)).toBe(false);

    // The apps flushed on SIGTERM: every redirect that reached an app is a stored click (warm-up clicks come on top).
    // Redirects the CDN answered never reach the apps, so they are not clicks: the cost of caching a 302 at the edge.
    const runs = readdirSync(join(dir, 'runs'));
    const shardsDir = join(dir, 'runs', runs[0], 'shards');
    let clicks = 0;
    for (let i = 0; i < 4; i++) {
      const db = new Database(shardFile(shardsDir, i), { readonly: true });
      clicks += (db.prepare('SELECT SUM(clicks) AS c FROM links').get() as { c: number }).c;
      db.close();
    }
    expect(clicks).toBeGreaterThanOrEqual(f.redirects!);
  }, 90_000);
});
