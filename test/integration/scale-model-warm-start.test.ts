// Through the real CLI: the stage's caches start warm (--prime) without adding clicks, and an app added during a step
// (add-app) gets a machine of its role's budget like the apps that booted with the stage.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readResult } from '../../harness/results/read-result.ts';

const CLI = join(process.cwd(), 'bin/scaleladder.mjs');
const cgroupV1 = process.platform === 'linux' && process.getuid?.() === 0 && existsSync('/sys/fs/cgroup/cpu/cpu.cfs_quota_us');
const haveRedis = spawnSync('redis-server', ['--version']).status === 0;
const haveNginx = spawnSync('nginx', ['-v']).status === 0;

function bench(args: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'sl-warm-'));
  const out = join(dir, 'out.json');
  const r = spawnSync(process.execPath, [CLI, 'bench', ...args, '--results-dir', dir, '--out', out], { encoding: 'utf8', timeout: 110_000 });
  return { ...r, result: () => readResult(out) };
}

describe.skipIf(!haveRedis)('warm start (needs redis-server)', () => {
  it('given --prime, then the hottest codes are cached before the first step, no click is added, and --prime 0 starts cold', async () => {
    const common = ['--stage', '2', '--rate', '40', '--step-duration', '1.5s', '--warmup', '0', '--seed-links', '3000', '--machine-cpu', 'none'];
    const warm = bench([...common, '--prime', '3000']);
    expect(warm.status, warm.stderr).toBe(0);
    expect(warm.stderr).toMatch(/primed caches with the 3,000 hottest codes \(entry\): 3,000 requests, Redis warmed with all 3,000 seeded links \(a cache warmer\) in \d+ ms/);
    const w = warm.result();
    expect(w.prime).toMatchObject({ codes: 3000, requests: 3000, failed: 0, targets: ['entry'], redisWarmed: 3000 });
    expect(w.config.prime).toBe(3000);
    // Every code is in Redis before the step: only reads of unknown codes (1 % of reads) can miss.
    expect(w.steps[0].figures.cacheHitRatio).toBeGreaterThan(0.95);
    // Priming's GETs were made before the click ledger opened: every click of the run is still accounted for.
    expect(w.clicks).toMatchObject({ lost: 0 });
    expect(w.clicks!.made).toBe(w.clicks!.recorded);

    const cold = bench([...common, '--prime', '0']);
    expect(cold.status, cold.stderr).toBe(0);
    expect(cold.stderr).not.toMatch(/primed caches/);
    const c = cold.result();
    expect(c.prime).toBeUndefined();
    expect(c.config.prime).toBeUndefined();
    expect(c.steps[0].figures.cacheHitRatio).toBeLessThan(0.9);
  }, 240_000);

  it.skipIf(!haveNginx)('given local LRUs at stage 3, then each app\'s cache warmer fills its own LRU with steady-state ages: no HEADs, hits from the first request (needs nginx)', async () => {
    const r = bench(['--stage', '3', '--app-processes', '2', '--rate', '40', '--step-duration', '1.5s', '--warmup', '0', '--calibrate', '0', '--seed-links', '2000', '--prime', '500', '--machine-cpu', 'none']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/primed caches with the 500 hottest codes \(app-1, app-2\): local LRUs warmed with 1,000 entries of steady-state ages \(lifetimes spread over the TTL\), Redis warmed with all 2,000 seeded links/);
    const res = r.result();
    expect(res.prime).toMatchObject({ codes: 500, requests: 0, failed: 0, targets: ['app-1', 'app-2'], localWarmed: 1000, redisWarmed: 2000 });
    // A Zipf workload over 2,000 links sends most reads to the 500 hottest: the LRUs answer them from the first request.
    expect(res.steps[0].figures.localHitRatio).toBeGreaterThan(0.5);
  }, 120_000);
});

describe.skipIf(!cgroupV1 || !haveRedis || !haveNginx)('an app added during a step joins the scale model (needs root, cgroup v1, redis, nginx)', () => {
  it('given --fault add-app under --machine-cpu 0.1, then the added app runs on its own 0.1-core machine and is throttled like the others', async () => {
    const r = bench(['--stage', '3', '--app-processes', '2', '--rate', '60', '--step-duration', '4s', '--warmup', '0', '--calibrate', '0', '--seed-links', '2000', '--prime', '0', '--fault', 'add-app@0.5+3', '--machine-cpu', '0.1']);
    expect(r.status, r.stderr).toBe(0);
    const step = r.result().steps[0];
    const added = step.processes.find((p) => p.name === 'app-3');
    expect(added, `processes: ${step.processes.map((p) => p.name).join(', ')}`).toBeDefined();
    expect(added!.budgetCores).toBe(0.1);
    expect(added!.throttle?.periods ?? 0).toBeGreaterThan(0);
  }, 120_000);
});
