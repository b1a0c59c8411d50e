// A small supervised program gets SIGINT/SIGTERM/a crash: it exits with the right code and leaves no child behind.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canBind, isRunning, waitGone } from '../fixtures/proc-alive.ts';
import { repoRoot } from '../fixtures/proc-spec.ts';
import { nodeTsCommand } from '../../harness/services/node-ts-command.ts';

let runDir: string;
const leftovers: number[] = [];

beforeEach(() => {
  runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleladder-shutdown-'));
});
afterEach(() => {
  for (const pid of leftovers.splice(0)) {
    try {
      process.kill(-pid, 'SIGKILL'); // only groups this test's parent started, should a test fail midway
    } catch {
      // gone, as it should be
    }
  }
  fs.rmSync(runDir, { recursive: true, force: true });
});

interface Parent {
  pid: number;
  pids: number[];
  url: string;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs proc-supervised-parent.ts and resolves once it printed its children's pids. */
async function startParent(args: string[] = []): Promise<Parent> {
  const cmd = nodeTsCommand('test/fixtures/proc-supervised-parent.ts', [runDir, ...args]);
  const child = spawn(cmd.command, cmd.args, {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const info = await new Promise<{ pids: number[]; url: string }>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line));
    });
    void exit.then((e) => reject(new Error(`parent exited early (${JSON.stringify(e)}): ${err}`)));
    setTimeout(() => reject(new Error(`parent not ready in 20 s: ${out} ${err}`)), 20_000).unref();
  });
  leftovers.push(...info.pids);
  return { pid: child.pid!, ...info, stdout: () => out, stderr: () => err, exit };
}

describe('given a supervised program with two children (one ignores SIGTERM)', () => {
  it('when it gets SIGINT, then it exits 130 after stopping both children, and the port is released', async () => {
    const parent = await startParent();
    for (const pid of parent.pids) expect(isRunning(pid)).toBe(true);
    const port = Number(new URL(parent.url).port);

    process.kill(parent.pid, 'SIGINT');
    const exit = await parent.exit;

    expect(exit).toEqual({ code: 130, signal: null });
    expect(parent.stdout()).toContain('stopped all (SIGINT)');
    expect(parent.stderr()).toContain('SIGINT received');
    for (const pid of parent.pids) expect(isRunning(pid)).toBe(false);
    expect(await canBind(port)).toBe(true);
  });

  it('when it gets SIGTERM, then it exits 143 and both children are gone', async () => {
    const parent = await startParent();
    process.kill(parent.pid, 'SIGTERM');
    expect(await parent.exit).toEqual({ code: 143, signal: null });
    for (const pid of parent.pids) expect(isRunning(pid)).toBe(false);
  });

  it('when a second SIGINT arrives during a slow shutdown, then it exits at once and the children are SIGKILLed', async () => {
    const parent = await startParent(['15000']);
    const t0 = Date.now();
    process.kill(parent.pid, 'SIGINT');
    await new Promise((r) => setTimeout(r, 300));
    process.kill(parent.pid, 'SIGINT');
    const exit = await parent.exit;

    expect(exit).toEqual({ code: 130, signal: null });
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(parent.stdout()).not.toContain('stopped all');
    for (const pid of parent.pids) expect(await waitGone(pid, 2_000)).toBe(true);
  });

  it('when it throws an uncaught error, then it exits 1 and both children are gone', async () => {
    const parent = await startParent(['500', 'crash']);
    const exit = await parent.exit;

    expect(exit).toEqual({ code: 1, signal: null });
    expect(parent.stderr()).toContain('boom after ready');
    for (const pid of parent.pids) expect(isRunning(pid)).toBe(false);
  });

  it('when it calls process.exit without stopping anything, then the exit hook still kills both children', async () => {
    const parent = await startParent(['500', 'exit']);
    expect(await parent.exit).toEqual({ code: 7, signal: null });
    for (const pid of parent.pids) expect(await waitGone(pid, 2_000)).toBe(true);
  });
});
