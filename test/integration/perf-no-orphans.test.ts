// make perf boots its targets through the supervisor: Ctrl-C in `scaleladder perf`, or SIGTERM to a perf script, mid-measurement
// leaves no process it started running.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
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

/** Every live descendant of `root` now (Linux /proc), keyed "pid@starttime" so a reused pid is not mistaken for it. */
function descendants(root: number): Map<string, { pid: number; cmd: string }> {
  const procs = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).flatMap((d) => {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return [{ pid: Number(d), ppid: Number(f[1]), start: f[19], cmd: readFileSync(`/proc/${d}/cmdline`, 'utf8').replace(/\0/g, ' ') }];
    } catch {
      return []; // gone meanwhile
    }
  });
  const found = new Map<string, { pid: number; cmd: string }>();
  const walk = (pid: number) => {
    for (const p of procs.filter((q) => q.ppid === pid)) {
      found.set(`${p.pid}@${p.start}`, { pid: p.pid, cmd: p.cmd });
      walk(p.pid);
    }
  };
  walk(root);
  return found;
}

/** Is the process that had this "pid@starttime" key still running? */
function keyAlive(key: string): boolean {
  const [pid, start] = key.split('@');
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return alive(Number(pid)) && stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] === start;
  } catch {
    return false;
  }
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

  it('given `scaleladder perf --only cdn` interrupted with Ctrl-C while its targets run, then it exits 130, says so, and every process it started is gone', async () => {
    // Detached: its own process group, as a shell's foreground job; Ctrl-C is SIGINT to that group.
    const perf = spawn(process.execPath, ['bin/scaleladder.mjs', 'perf', '--only', 'cdn', '--duration', '1s'], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    perf.stdout!.on('data', (d) => (out += d));
    perf.stderr!.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((r) => perf.once('exit', (code) => r(code)));
    const seen = new Map<string, { pid: number; cmd: string }>();
    const watch = setInterval(() => {
      // The first command line seen wins: an exiting process reads as an empty one.
      for (const [k, v] of descendants(perf.pid!)) if (!seen.get(k)?.cmd) seen.set(k, v);
    }, 100);
    try {
      // The emulator, nginx and the floor are up (they start before the first warm-up): the section is driving them.
      await until(() => (/scaleladder-cdn: warmed/.test(out) ? true : undefined), 60_000, `first warmed line (output: ${out})`);
      process.kill(-perf.pid!, 'SIGINT');
      expect(await exited).toBe(130);
      clearInterval(watch);
      expect(out).toMatch(/perf interrupted \(SIGINT\) during cdn/);
      const cmds = [...seen.values()].map((p) => p.cmd);
      expect(cmds.some((c) => c.includes('cdn-perf.ts')), cmds.join('\n')).toBe(true);
      expect(cmds.some((c) => c.includes('cdn-server.ts')), cmds.join('\n')).toBe(true);
      expect(cmds.some((c) => c.startsWith('nginx')), cmds.join('\n')).toBe(true);
      const left = await until(() => {
        const l = [...seen].filter(([k]) => keyAlive(k));
        return l.length === 0 ? [] : undefined;
      }, 5_000, `still running after perf exited: ${[...seen].filter(([k]) => keyAlive(k)).map(([, v]) => `${v.pid} ${v.cmd}`).join('; ')}`);
      expect(left).toEqual([]);
    } finally {
      clearInterval(watch);
      if (perf.exitCode === null) process.kill(-perf.pid!, 'SIGKILL');
    }
  }, 90_000);
});
