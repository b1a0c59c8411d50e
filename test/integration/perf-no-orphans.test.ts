// make perf boots its targets through the supervisor: stopping a perf script mid-measurement (SIGTERM) leaves no target running.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isRunning as alive } from '../fixtures/proc-alive.ts';


/** Child pids of `pid` with their command lines (Linux /proc). */
function children(pid: number): { pid: number; cmd: string }[] {
  let list = '';
  try {
    list = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8');
  } catch {
    return [];
  }
  return list.trim().split(/\s+/).filter(Boolean).map(Number).map((c) => {
    try {
      return { pid: c, cmd: readFileSync(`/proc/${c}/cmdline`, 'utf8').replace(/\0/g, ' ') };
    } catch {
      return { pid: c, cmd: '' };
    }
  });
}

async function until<T>(f: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`${what}: not after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(process.platform !== 'linux')('perf targets under the supervisor (reads /proc: Linux only)', () => {
  it('given redirect-perf stopped with SIGTERM while a target is up, then the perf script exits and its target is gone', async () => {
    const perf = spawn(process.execPath, ['--import', 'tsx', 'harness/perf/redirect-perf.ts', '--links', '2000', '--duration', '60', '--connections', '2'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    perf.stdout!.on('data', (d) => (out += d));
    perf.stderr!.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((r) => perf.once('exit', (code) => r(code)));
    try {
      const target = await until(() => children(perf.pid!).find((c) => c.cmd.includes('--serve bare-express')), 60_000, `bare-express target of redirect-perf (output: ${out})`);
      // Ready: the measurement started (autocannon is driving it).
      await until(() => (/seeded/.test(out) ? true : undefined), 30_000, 'seeded line');
      await new Promise((r) => setTimeout(r, 1500));
      perf.kill('SIGTERM');
      expect(await exited).not.toBe(0);
      await until(() => (alive(target.pid) ? undefined : true), 10_000, `target pid ${target.pid} still running after the perf script stopped`);
      expect(alive(target.pid)).toBe(false);
    } finally {
      if (perf.exitCode === null) perf.kill('SIGKILL');
    }
  }, 120_000);
});
