// Through the real CLI: `scaleladder up --stage 1` stays up and serves until Ctrl-C, then stops its stage and exits 0.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isRunning } from '../fixtures/proc-alive.ts';
import { startCli, waitForOutput } from '../helpers/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'sl-cli-up-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ host: '127.0.0.1', port });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

/** Pids of the processes whose process group is pgid (the stage's app runs in its own group). */
function groupMembers(pgid: number): number[] {
  const out: number[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid) out.push(Number(e));
    } catch {
      /* gone */
    }
  }
  return out;
}

describe('scaleladder up --stage 1 (real CLI)', () => {
  it('given SIGINT after serving 20 requests over 3 s, then it exits 0, the port is closed and no stage process is left', async () => {
    const run = startCli(['up', '--stage', '1', '--seed-links', '1000', '--results-dir', dir]);
    const [line] = await waitForOutput(run, 'stdout', /^http:\/\/127\.0\.0\.1:\d+\n/, 60_000);
    const url = new URL(line.trim());
    const [, appPid] = (await waitForOutput(run, 'stderr', /app-1 pid (\d+)/)).map(Number);
    expect(isRunning(appPid)).toBe(true);
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await fetch(`${url.origin}/healthz`).catch(() => null);
      statuses.push(res?.status ?? 0);
      await res?.arrayBuffer();
      await new Promise((r) => setTimeout(r, 150));
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(20);
    expect(run.child.exitCode).toBeNull();
    run.child.kill('SIGINT');
    const r = await run.exited;
    expect(r.stderr).not.toMatch(/unexpected error/);
    expect(r.code).toBe(0);
    expect(await portOpen(Number(url.port))).toBe(false);
    expect(isRunning(appPid)).toBe(false);
    expect(groupMembers(appPid)).toEqual([]);
  }, 90_000);

  it('given SIGTERM (a process manager), then it stops the stage the same way and exits 0', async () => {
    const run = startCli(['up', '--stage', '1', '--seed-links', '500', '--results-dir', dir]);
    const [line] = await waitForOutput(run, 'stdout', /^http:\/\/127\.0\.0\.1:\d+\n/, 60_000);
    const [, appPid] = (await waitForOutput(run, 'stderr', /app-1 pid (\d+)/)).map(Number);
    await new Promise((r) => setTimeout(r, 1500));
    expect(run.child.exitCode).toBeNull();
    run.child.kill('SIGTERM');
    const r = await run.exited;
    expect(r.code).toBe(0);
    expect(await portOpen(Number(new URL(line.trim()).port))).toBe(false);
    expect(groupMembers(appPid)).toEqual([]);
  }, 90_000);
});
