// Through the real CLI: a bench stopped during warm-up (Ctrl-C, or its parent going away) keeps an aborted result with zero steps, and leaves no process.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readResult } from '../../harness/results/read-result.ts';
import { isRunning } from '../fixtures/proc-alive.ts';
import { CLI, startCli, waitForOutput } from '../helpers/run-cli.ts';

const dirs: string[] = [];
const orphans: number[] = [];
afterAll(() => {
  // Before the fix the CLI outlived its parent: never leave it running if an assertion failed.
  for (const pid of orphans) if (isRunning(pid)) process.kill(pid, 'SIGTERM');
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'sl-cli-abort-'));
  dirs.push(d);
  return d;
}

/** Wrapper code: SIGKILL itself once child c has used 0.6 s of CPU (utime + stime from /proc, in 1/100 s). */
const DIE_MID_LOAD = `const fs = require('node:fs'); setInterval(() => { try { const st = fs.readFileSync('/proc/' + c.pid + '/stat', 'utf8'); const f = st.slice(st.lastIndexOf(')') + 2).split(' '); if (Number(f[11]) + Number(f[12]) >= 60) process.kill(process.pid, 'SIGKILL'); } catch {} }, 10);`;

// --calibrate 0: the scale model stays on (its cgroups must be gone too), its ~6 s calibration is not what these tests are about.
const LONG_WARMUP = ['bench', '--stage', '1', '--rate', '50', '--warmup', '60s', '--step-duration', '2s', '--seed-links', '1000', '--no-pin', '--calibrate', '0'];

async function waitUntil(test: () => boolean, timeoutMs: number): Promise<boolean> {
  for (const t0 = Date.now(); Date.now() - t0 < timeoutMs; await new Promise((r) => setTimeout(r, 200))) if (test()) return true;
  return test();
}

describe('scaleladder bench stopped during warm-up (real CLI)', () => {
  it('given SIGINT during a 60 s warm-up, then exit 130, a result marked aborted with zero steps, and the app is gone', async () => {
    const dir = tmp();
    const run = startCli([...LONG_WARMUP, '--results-dir', dir]);
    const [, appUrl] = await waitForOutput(run, 'stderr', /stage 1 up at (\S+)/, 60_000);
    await waitForOutput(run, 'stderr', /warm-up\s+\d+\/60 s/, 30_000);
    run.child.kill('SIGINT');
    const r = await run.exited;
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/result written to/);
    const files = readdirSync(join(dir, 'stage-1'));
    expect(files).toHaveLength(1);
    const result = readResult(join(dir, 'stage-1', files[0]));
    expect(result.aborted).toBe(true);
    expect(result.abortReason).toMatch(/SIGINT/);
    expect(result.steps).toEqual([]);
    expect(existsSync(join(dir, 'latest-stage-1.json'))).toBe(true);
    expect(await fetch(`${appUrl}/healthz`).then(() => 'up', () => 'down')).toBe('down');
  }, 90_000);

  it('given its parent SIGKILLed during warm-up (as npx leaves it), then the bench aborts by itself, keeps an aborted result and stops its stage', async () => {
    const dir = tmp();
    // The wrapper stands for npx's `sh -c`: it starts the CLI and is killed alone, without passing any signal on.
    const wrapper = spawn(
      process.execPath,
      ['-e', `const c = require('node:child_process').spawn(process.execPath, ${JSON.stringify([CLI, ...LONG_WARMUP, '--results-dir', dir])}, { stdio: 'inherit' }); console.log('cli pid ' + c.pid); setInterval(() => {}, 1000);`],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } },
    );
    let out = '';
    let err = '';
    wrapper.stdout.on('data', (d) => (out += d));
    wrapper.stderr.on('data', (d) => (err += d));
    expect(await waitUntil(() => /cli pid \d+/.test(out) && /warm-up\s+\d+\/60 s/.test(err), 60_000)).toBe(true);
    const cliPid = Number(/cli pid (\d+)/.exec(out)![1]);
    orphans.push(cliPid);
    wrapper.kill('SIGKILL');
    expect(await waitUntil(() => !isRunning(cliPid), 30_000)).toBe(true);
    const files = existsSync(join(dir, 'stage-1')) ? readdirSync(join(dir, 'stage-1')) : [];
    expect(files).toHaveLength(1);
    const result = readResult(join(dir, 'stage-1', files[0]));
    expect(result.aborted).toBe(true);
    expect(result.abortReason).toMatch(/parent process \d+ went away/);
    expect(result.steps).toEqual([]);
    const [, appUrl] = /stage 1 up at (\S+)/.exec(err)!;
    expect(await fetch(`${appUrl}/healthz`).then(() => 'up', () => 'down')).toBe('down');
  }, 90_000);

  // Loading the CLI's TypeScript for bench takes ~1.4 s of CPU, node's own start ~0.1 s: the wrapper dies once the CLI has used
  // 0.6 s of CPU, mid-load whatever the load on the box (CPU time, not wall time).
  it('given a parent that dies while the CLI is still loading, then the bench notices all the same and stops', async () => {
    const dir = tmp();
    const wrapper = spawn(
      process.execPath,
      ['-e', `const c = require('node:child_process').spawn(process.execPath, ${JSON.stringify([CLI, ...LONG_WARMUP, '--results-dir', dir])}, { stdio: 'inherit' }); console.log('cli pid ' + c.pid); ${DIE_MID_LOAD}`],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } },
    );
    let out = '';
    wrapper.stdout.on('data', (d) => (out += d));
    expect(await waitUntil(() => /cli pid \d+/.test(out), 30_000)).toBe(true);
    const cliPid = Number(/cli pid (\d+)/.exec(out)![1]);
    orphans.push(cliPid);
    expect(await waitUntil(() => !isRunning(cliPid), 60_000)).toBe(true);
    const files = existsSync(join(dir, 'stage-1')) ? readdirSync(join(dir, 'stage-1')) : [];
    if (files.length > 0) {
      const result = readResult(join(dir, 'stage-1', files[0]));
      expect(result.aborted).toBe(true);
      expect(result.abortReason).toMatch(/parent process \d+ went away/);
      expect(result.steps).toEqual([]);
    }
  }, 90_000);
});
