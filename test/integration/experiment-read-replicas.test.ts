// `scaleladder experiment read-replicas` as a user runs it, shortened (1 s step, 0.5 s knee probes, a 40 req/s search
// ceiling): it exits 0, writes a summary whose notes label the sized-down DB machine as the premise, gives both arms a
// knee, sends the replicas arm's lookups to two replica machines of the same size, and leaves nothing running.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ExperimentSummary } from '../../harness/experiments/experiment-types.ts';
import { tierSteps } from '../../harness/experiments/experiment-series.ts';
import { postgresVersion } from '../../harness/services/postgres-binaries.ts';
import type { RunResult } from '../../harness/results/result-types.ts';
import { isRunning, processesNaming } from '../fixtures/proc-alive.ts';

const CLI = join(process.cwd(), 'bin/scaleladder.mjs');
const dir = mkdtempSync(join(tmpdir(), 'sl-exp-replicas-'));
// Run as root, the servers run as 'postgres', who must enter the results folder (mkdtemp makes it 0700).
chmodSync(dir, 0o711);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe.skipIf(postgresVersion() === null)('experiment read-replicas through the CLI (needs the postgresql package)', () => {
  it('given short steps, then it exits 0 with a summary naming the premise and both knees, replicas on machines of the DB size, and nothing left', async () => {
    const r = await runCli([
      'experiment', 'read-replicas', '--results-dir', dir, '--json',
      '--step-duration', '1s', '--warmup', '0', '--rate', '20', '--knee-probe', '0.5s', '--knee-max-rate', '40', '--seed-links', '2000',
    ]);
    expect(r.code, r.stderr.slice(-2000)).toBe(0);
    const summary = JSON.parse(r.stdout) as ExperimentSummary;
    const latest = join(dir, 'experiments', 'read-replicas', 'latest.json');
    expect(existsSync(latest)).toBe(true);
    expect((JSON.parse(readFileSync(latest, 'utf8')) as ExperimentSummary).runId).toBe(summary.runId);
    console.info(`read-replicas (short): ${summary.verdict.outcome}: ${summary.verdict.summary}`);

    expect(summary.claimId).toBe('read-replicas-raise-db-bound-knee');
    expect(summary.notes[0]).toMatch(/^premise .*the DB machine is sized down to 0\.05 core, every replica too, against 0\.4 core for the app/);
    expect(summary.machines).toMatch(/app=0\.4,db=0\.05/);
    expect(summary.arms.map((a) => a.name)).toEqual(['primary-only', 'replicas-2']);
    // Each arm searched its knee (on a busy box a noisy probe can leave it a lower bound, even 0: the verdict says so).
    for (const a of summary.arms) expect(a.metrics.kneeRate.values).toHaveLength(1);
    expect(['confirms', 'contradicts', 'inconclusive']).toContain(summary.verdict.outcome);
    expect(summary.verdict.summary).toMatch(/^knee [\d.]+\+? req\/s primary-only vs [\d.]+\+? req\/s with 2 read replicas/);
    expect(summary.verdict.statistics).toMatchObject({ dbMachineCores: 0.05, appMachineCores: 0.4 });

    const result = (arm: string) => JSON.parse(readFileSync(summary.arms.find((a) => a.name === arm)!.files[0], 'utf8')) as RunResult;
    const base = result('primary-only');
    const fix = result('replicas-2');
    // Lookups: all on the primary without replicas, on the replicas with them (write-behind: no click write per redirect).
    expect(tierSteps(base)[0].figures.pgReplicaReadsPerRequest).toBe(0);
    expect(tierSteps(fix)[0].figures.pgReplicaReadsPerRequest).toBeGreaterThan(0.9);
    expect(tierSteps(fix)[0].figures.pgWritesPerRequest).toBeLessThan(0.5);
    const dbs = tierSteps(fix)[0].processes.filter((p) => p.role === 'db');
    expect(dbs.map((p) => p.name).sort()).toEqual(['pg', 'pg-replica-1', 'pg-replica-2']);
    if (fix.scaleModel?.enforcement !== 'none') for (const p of dbs) expect(p.budgetCores).toBe(0.05);
    for (const res of [base, fix]) for (const p of tierSteps(res)[0].processes) expect(isRunning(p.pid), `${p.name} pid ${p.pid} still running`).toBe(false);
    expect(processesNaming(dir)).toEqual([]);
  }, 90_000);
});
