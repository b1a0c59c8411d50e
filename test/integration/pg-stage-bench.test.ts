// --db postgres through the real CLI: stage 2 on a harness-owned PostgreSQL with a read replica, the step's DB figures
// split by where the queries went, and no PostgreSQL process of the run left once the command exits.
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresVersion } from '../../harness/services/postgres-binaries.ts';
import { readResult } from '../../harness/results/read-result.ts';
import { isRunning, processesNaming } from '../fixtures/proc-alive.ts';

const CLI = join(process.cwd(), 'bin/scaleladder.mjs');
const dir = mkdtempSync(join(tmpdir(), 'sl-pg-stage-'));
// Run as root, the server runs as 'postgres', who must enter the results folder (mkdtemp makes it 0700).
chmodSync(dir, 0o711);
afterAll(() => rmSync(dir, { recursive: true, force: true }));


describe.skipIf(postgresVersion() === null)('bench --db postgres (needs the postgresql package)', () => {
  it('given stage 2 with one read replica, the fix and creates followed at once, then it exits 0, lookups go to the replica, figures split reads/writes with CPU-ms per query, no follow 404s, and nothing of PostgreSQL is left', async () => {
    const out = join(dir, 'out.json');
    const child = spawn(
      process.execPath,
      [CLI, 'bench', '--stage', '2', '--db', 'postgres', '--read-replicas', '1', '--rate', '150', '--step-duration', '2s', '--warmup', '0', '--calibrate', '0',
        '--seed-links', '2000', '--machine-cpu', 'none', '--results-dir', dir, '--out', out,
        '--read-write', '10', '--follow-after-create', '1', '--read-your-writes', 'fix',
        // Cold caches: Redis misses are what reach the replica (primed caches leave about as few as the fix's primary reads).
        // 150 req/s (not the 1k tier's 40): enough replica reads in 2 s for its CPU to be more than a 10 ms tick.
        '--prime', '0'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    child.stdout!.resume();
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(code, stderr).toBe(0);
    const res = readResult(out);
    expect(res.config).toMatchObject({ components: ['redis', 'postgres'], composition: 'stage 2 with postgres', topology: { readReplicas: 1, readYourWrites: 'fix' }, workload: { followAfterCreate: 1 } });
    const step = res.steps[0];
    const f = step.figures;
    // Redis misses are looked up on the replica, clicks and creates are writes on the primary.
    expect(f.pgReadReplicas).toBe(1);
    expect(f.pgReplicaReadsPerRequest).toBeGreaterThan(0);
    expect(f.pgWritesPerRequest).toBeGreaterThan(0);
    expect(f.pgPrimaryReadsPerRequest).toBeLessThan(f.pgReplicaReadsPerRequest!);
    expect(f.pgQueriesPerRequest).toBeCloseTo(f.pgPrimaryReadsPerRequest! + f.pgReplicaReadsPerRequest! + f.pgWritesPerRequest!, 2);
    expect(f.pgPoolWaits).toBeGreaterThanOrEqual(0);
    expect(f.pgReplicaStale404s).toBeGreaterThanOrEqual(0);
    expect(f.pgReplicaLagSamples).toBeGreaterThan(0);
    // Every create followed at once; with the fix, none of them 404s (a replica miss reads the primary instead).
    expect(f.followAfterCreateSent).toBe(step.statusCounts['201']);
    expect(step.byEndpoint.follow.count).toBe(f.followAfterCreateSent);
    expect(f.followAfterCreate404s).toBe(0);
    expect(f.pgReplicaStale404s).toBe(0);
    // The database machines' CPU over the step, per query they were sent.
    expect(f.pgPrimaryCpuMsPerQuery).toBeGreaterThan(0);
    expect(f.pgReplicaCpuMsPerQuery).toBeGreaterThan(0);
    expect(f.pgCpuMsPerQuery).toBeGreaterThan(0);
    expect(f.pgReplicaLagMsMax).toBeGreaterThanOrEqual(f.pgReplicaLagMsP50!);
    const dbs = step.processes.filter((p) => p.role === 'db');
    expect(dbs.map((p) => p.name).sort()).toEqual(['pg', 'pg-replica-1']);
    for (const p of step.processes) expect(isRunning(p.pid), `${p.name} pid ${p.pid} still running`).toBe(false);
    expect(processesNaming(dir)).toEqual([]);
  }, 120_000);
});
