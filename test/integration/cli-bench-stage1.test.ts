// End to end through the real CLI: a short stage-1 bench writes a valid result; Ctrl-C mid-step leaves no process and an aborted result.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readResult } from '../../harness/results/read-result.ts';
import { isRunning } from '../fixtures/proc-alive.ts';

const CLI = join(process.cwd(), 'bin/scaleladder.mjs');

function runCli(args: string[], opts: { sigintAfterLine?: RegExp } = {}) {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => {
    stderr += d;
    if (opts.sigintAfterLine && opts.sigintAfterLine.test(stderr)) {
      opts.sigintAfterLine = undefined;
      setTimeout(() => child.kill('SIGINT'), 1500);
    }
  });
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stdout, stderr })),
  );
}


/** PIDs of the services the run started, read from the result's processes. */
function pidsOf(file: string): number[] {
  const r = JSON.parse(readFileSync(file, 'utf8'));
  return r.steps.flatMap((s: { processes: { pid: number }[] }) => s.processes.map((p) => p.pid));
}

describe('scaleladder bench --stage 1 (real CLI, real app process)', () => {
  it('given two short tiers, then it prints a table and writes a valid result with every step measured', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sl-e2e-'));
    const out = join(dir, 'out.json');
    const r = await runCli(['bench', '--stage', '1', '--tiers', '1k,10k', '--step-duration', '2s', '--warmup', '1s', '--seed-links', '5000', '--machine-cpu', 'none', '--results-dir', dir, '--out', out]);
    expect(r.stderr).not.toMatch(/unexpected error/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/tier\s+target\/s\s+achieved\/s/);
    const result = readResult(out);
    expect(result.aborted).toBe(false);
    expect(result.steps.map((s) => s.tier)).toEqual(['1k', '10k']);
    const [s1, s2] = result.steps;
    expect(s1.targetRate).toBeCloseTo(40.4, 1);
    expect(s2.requests.completed).toBeGreaterThan(500);
    expect(s2.statusCounts['302']).toBeGreaterThan(0);
    expect(s2.processes.find((p) => p.role === 'app')!.cpuSeconds).toBeGreaterThan(0);
    expect(s2.figures.dbReadsPerRedirect).toBeGreaterThan(0.9);
    expect(existsSync(join(dir, 'latest-stage-1.json'))).toBe(true);
    for (const pid of pidsOf(out)) expect(isRunning(pid)).toBe(false);
  }, 90_000);

  it('given SIGINT mid-step, then every started process is gone and a partial result is written marked aborted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sl-int-'));
    const r = await runCli(
      ['bench', '--stage', '1', '--tiers', '1k,10k,100k', '--step-duration', '3s', '--warmup', '0', '--seed-links', '2000', '--machine-cpu', 'none', '--results-dir', dir],
      { sigintAfterLine: /step 2\/3/ },
    );
    expect(r.code).toBe(130);
    const files = readdirSync(join(dir, 'stage-1'));
    expect(files).toHaveLength(1);
    const result = readResult(join(dir, 'stage-1', files[0]));
    expect(result.aborted).toBe(true);
    expect(result.steps.length).toBeGreaterThanOrEqual(1);
    expect(result.steps[0].tier).toBe('1k');
    for (const pid of pidsOf(join(dir, 'stage-1', files[0]))) expect(isRunning(pid)).toBe(false);
  }, 90_000);

  it('given bad input, then one line names what was wrong and the exit code is 2', async () => {
    const r = await runCli(['bench', '--stage', '1', '--tiers', 'huge']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/unknown tier "huge": known tiers are/);
    const r2 = await runCli(['bench', '--stage', '1', '--target', 'http://10.9.8.7:80']);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/refusing to send load to 10.9.8.7.*--allow-remote/);
  }, 30_000);
});
