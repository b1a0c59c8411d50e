// Stage 5 on PostgreSQL shards through the real CLI: K = 2 PostgreSQL servers, each its own db machine of the scale
// model, codes placed by consistent hashing; both shards take writes, links created through the API are followed at
// once through the balancer (either app) and resolve, and no PostgreSQL process or cgroup of the run is left.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresVersion } from '../../harness/services/postgres-binaries.ts';
import { readResult } from '../../harness/results/read-result.ts';
import { isRunning, processesNaming } from '../fixtures/proc-alive.ts';

const CLI = join(process.cwd(), 'bin/scaleladder.mjs');
const CGROUP_CPU = '/sys/fs/cgroup/cpu';
const dir = mkdtempSync(join(tmpdir(), 'sl-pg-shards-'));
// Run as root, the servers run as 'postgres', who must enter the results folder (mkdtemp makes it 0700).
chmodSync(dir, 0o711);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runCli(args: string[]) {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  child.stdout!.resume();
  return { pid: child.pid!, done: new Promise<{ code: number | null; stderr: string }>((r) => child.on('exit', (code) => r({ code, stderr }))) };
}


/** cgroups the CLI process created: their names carry its pid. */
const groupsOf = (pid: number) => (existsSync(CGROUP_CPU) ? readdirSync(CGROUP_CPU).filter((n) => n.startsWith('scaleladder-') && n.includes(`-pid${pid}-`)) : []);

describe.skipIf(postgresVersion() === null)('bench --stage 5 --db postgres --shards 2 (needs the postgresql package)', () => {
  it('given two shard servers under the scale model, then it exits 0, both shards took writes, every followed create resolved, each server was a db machine, and nothing is left', async () => {
    const out = join(dir, 'out.json');
    // Stage 5's store and balancer only (no CDN, Redis Cluster or local LRU: they take half the test's time and are not
    // what it checks): 2 apps behind nginx, 2 shard servers, 5 machines in a 1-core stage set.
    const run = runCli([
      'bench', '--stage', '5', '--db', 'postgres', '--shards', '2', '--app-processes', '2', '--without', 'cdn,redis-cluster,local-lru', '--machine-cpu', '0.1', '--tiers', '10k', '--step-duration', '2s',
      '--warmup', '0', '--calibrate', '0', '--seed-links', '2000', '--results-dir', dir, '--out', out, '--read-write', '4', '--follow-after-create', '1',
    ]);
    const r = await run.done;
    expect(r.code, r.stderr).toBe(0);
    // Stage 5 keeps write-behind on PostgreSQL: no notice, and clicks went in batches (one statement per flush and shard).
    expect(r.stderr).not.toMatch(/runs without write-behind/);
    const res = readResult(out);
    expect(res.config).toMatchObject({ components: expect.arrayContaining(['shards', 'postgres']), topology: { shards: 2 } });
    const step = res.steps[0];
    const f = step.figures;
    // Per-shard writes: creates and clicks, each on its code's shard; neither shard idle.
    expect(f.shards).toBe(2);
    expect(f.shardWritesMin).toBeGreaterThan(0);
    expect(f.shardWritesMax).toBeGreaterThanOrEqual(f.shardWritesMin!);
    // Every shard is a primary: lookups and writes go to the shards, none to replicas.
    expect(f.pgReplicaReadsPerRequest).toBe(0);
    expect(f.pgWritesPerRequest).toBeGreaterThan(0);
    expect(f.pgPrimaryCpuMsPerQuery).toBeGreaterThan(0);
    expect(res.config.components).toContain('write-behind');
    expect(f.clickFlushes).toBeGreaterThan(0);
    expect(f.clickDbBatchesPerRedirect).toBeLessThan(0.5);
    // Links created through the API, each followed at once through the balancer (either app): all resolve.
    expect(step.statusCounts['201']).toBeGreaterThan(0);
    expect(f.followAfterCreateSent).toBe(step.statusCounts['201']);
    expect(f.followAfterCreate404s).toBe(0);
    const dbs = step.processes.filter((p) => p.role === 'db');
    expect(dbs.map((p) => p.name).sort()).toEqual(['pg-shard-0', 'pg-shard-1']);
    if (res.scaleModel?.enforcement !== 'none') {
      expect(res.scaleModel!.machines.filter((m) => m.role === 'db')).toEqual([
        { name: 'pg-shard-0', role: 'db', cpu: 0.1 },
        { name: 'pg-shard-1', role: 'db', cpu: 0.1 },
      ]);
      for (const p of dbs) expect(p.budgetCores).toBe(0.1);
    }
    for (const p of step.processes) expect(isRunning(p.pid), `${p.name} pid ${p.pid} still running`).toBe(false);
    expect(processesNaming(dir)).toEqual([]);
    expect(groupsOf(run.pid)).toEqual([]);
  }, 120_000);

  it('given budgets that add up to more than the stage CPUs because of the shard machines, then it refuses in one line naming --shards', async () => {
    // 4 apps (the default), 3 Redis nodes and 32 shards at 0.5 core, cdn and nginx at 0.75: 21 cores, more than a test box has.
    const r = await runCli(['bench', '--stage', '5', '--db', 'postgres', '--shards', '32', '--tiers', '1k', '--no-pin', '--machine-cpu', '0.5', '--results-dir', dir]).done;
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n').filter((l) => !/^--db postgres:/.test(l))).toHaveLength(1);
    expect(r.stderr).toMatch(/need 21 cores but its CPU set has \d+: use a smaller --machine-cpu, fewer --app-processes or --shards, or --allow-oversubscribe/);
    expect(processesNaming(dir)).toEqual([]);
  }, 30_000);
});
