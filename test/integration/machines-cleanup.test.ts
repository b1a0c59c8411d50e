// A fleet's cgroups go away: after removeAll, after Ctrl-C/SIGTERM/a crash/a never-ready child (exit hook), after SIGKILL (stale sweep); a live harness's fleet is never touched.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openFleet, removeStaleFleets } from '../../harness/machines/index.ts';
import { fleetLocations } from '../../harness/machines/stale-fleets.ts';
import { isRunning, waitGone } from '../fixtures/proc-alive.ts';
import { repoRoot } from '../fixtures/proc-spec.ts';
import { nodeTsCommand } from '../../harness/services/node-ts-command.ts';

const probe = openFleet(`cleanup-probe-${process.pid}`, { removeStale: false });
const enforced = probe.enforcement === 'cgroup1' || probe.enforcement === 'cgroup2';
await probe.removeAll();

/** Every directory named `runName` in any place fleets are created (cpu, cpuacct, cgroup2). */
const groupsNamed = (runName: string): string[] =>
  fleetLocations()
    .map((l) => path.join(l.dir, runName))
    .filter((d) => fs.existsSync(d));

/** The cpu-hierarchy group a pid is in ("/" = the root), from /proc/<pid>/cgroup. */
const cpuGroupOf = (pid: number): string => {
  const line = fs.readFileSync(`/proc/${pid}/cgroup`, 'utf8').split('\n').find((l) => /^\d+:([^:]*,)?cpu(,[^:]*)?:/.test(l) || l.startsWith('0::'));
  return line ? line.slice(line.lastIndexOf(':') + 1) : '?';
};

const started: number[] = [];
afterEach(() => {
  for (const pid of started.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL'); // only the holders and busy children this file started
    } catch {
      // gone
    }
  }
});

interface Holder {
  pid: number;
  runName: string;
  childPid: number;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

async function startHolder(runId: string, ...modes: string[]): Promise<Holder> {
  const cmd = nodeTsCommand('test/fixtures/machines-fleet-holder.ts', [runId, ...modes]);
  const child = spawn(cmd.command, cmd.args, {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child.pid!);
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const info = await new Promise<{ runName: string; childPid: number }>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line));
    });
    void exit.then((e) => reject(new Error(`holder exited early (${JSON.stringify(e)}): ${err}`)));
    setTimeout(() => reject(new Error(`holder not ready in 30 s: ${out} ${err}`)), 30_000).unref();
  });
  started.push(info.childPid);
  return { pid: child.pid!, ...info, exit };
}

/** Polls until no group of that name exists (the exit hook runs as the holder exits). */
async function waitNoGroups(runName: string, ms = 5_000): Promise<string[]> {
  const deadline = Date.now() + ms;
  while (groupsNamed(runName).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return groupsNamed(runName);
}

describe.skipIf(!enforced)(`given a fleet enforced by ${probe.enforcement} (${probe.reason})`, () => {
  it('when removeAll is called with a process still on a machine, then every group is gone and the process runs on in the parent group', async () => {
    const fleet = openFleet(`cleanup-remove-${process.pid}`, { removeStale: false });
    const m = fleet.create({ name: 'app-1', role: 'app', cpu: 0.1 });
    fleet.create({ name: 'cdn', role: 'cdn', cpu: 0.15 });
    const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
    started.push(sleeper.pid!);
    await new Promise((r) => sleeper.once('spawn', r));
    m.add([sleeper.pid!]);
    expect(cpuGroupOf(sleeper.pid!)).toBe(`/${fleet.runName}/app-1`);
    expect(groupsNamed(fleet.runName).length).toBeGreaterThan(0);

    await fleet.removeAll();
    await fleet.removeAll(); // idempotent

    expect(groupsNamed(fleet.runName)).toEqual([]);
    expect(isRunning(sleeper.pid!)).toBe(true);
    expect(cpuGroupOf(sleeper.pid!)).not.toContain('scaleladder-');
  });

  it('when the harness gets Ctrl-C with no handler of its own, then it dies of SIGINT and leaves no group', async () => {
    const holder = await startHolder(`cleanup-sigint-${process.pid}`);
    expect(groupsNamed(holder.runName).length).toBeGreaterThan(0);
    expect(cpuGroupOf(holder.childPid)).toBe(`/${holder.runName}/app-1`);

    process.kill(holder.pid, 'SIGINT');

    expect(await holder.exit).toEqual({ code: null, signal: 'SIGINT' });
    expect(await waitNoGroups(holder.runName)).toEqual([]);
    expect(cpuGroupOf(holder.childPid)).not.toContain('scaleladder-'); // moved out, still running (it was not the holder's to kill)
  });

  it('when the harness with its shutdown handlers gets SIGTERM, then it exits 143 and leaves no group', async () => {
    const holder = await startHolder(`cleanup-sigterm-${process.pid}`, 'shutdown');
    process.kill(holder.pid, 'SIGTERM');
    expect(await holder.exit).toEqual({ code: 143, signal: null });
    expect(await waitNoGroups(holder.runName)).toEqual([]);
  });

  it('when the harness crashes (uncaught error), then it leaves no group', async () => {
    const holder = await startHolder(`cleanup-crash-${process.pid}`, 'crash');
    expect((await holder.exit).code).toBe(1);
    expect(await waitNoGroups(holder.runName)).toEqual([]);
  });

  it('when a stage process never gets ready (the harness fails with a UserError), then it exits 2 and leaves no group', async () => {
    const holder = await startHolder(`cleanup-never-ready-${process.pid}`, 'never-ready');
    expect((await holder.exit).code).toBe(2);
    expect(await waitNoGroups(holder.runName)).toEqual([]);
  });

  it('when the harness is SIGKILLed, then its fleet stays until removeStaleFleets, which removes it and nothing of a live harness', async () => {
    const dead = await startHolder(`cleanup-sigkill-${process.pid}`);
    const alive = await startHolder(`cleanup-alive-${process.pid}`);
    const mine = openFleet(`cleanup-mine-${process.pid}`, { removeStale: false });
    mine.create({ name: 'app-1', role: 'app', cpu: 0.1 });
    const cpuRoot = fleetLocations()[0].dir;
    const notAFleet = path.join(cpuRoot, `scaleladder-not-a-fleet-${process.pid}`); // a scaleladder-* name without an owner: never ours to judge
    fs.mkdirSync(notAFleet);
    try {
      process.kill(dead.pid, 'SIGKILL');
      await dead.exit;
      expect(await waitGone(dead.pid)).toBe(true);
      const deadGroups = groupsNamed(dead.runName);
      expect(deadGroups.length).toBeGreaterThan(0); // nothing could run in the holder

      const sweep = removeStaleFleets();

      expect(groupsNamed(dead.runName)).toEqual([]);
      expect(sweep.removed).toEqual(expect.arrayContaining(deadGroups));
      expect(cpuGroupOf(dead.childPid)).not.toContain('scaleladder-');
      expect(groupsNamed(alive.runName).length).toBeGreaterThan(0);
      expect(cpuGroupOf(alive.childPid)).toBe(`/${alive.runName}/app-1`);
      expect(groupsNamed(mine.runName).length).toBeGreaterThan(0);
      expect(fs.existsSync(notAFleet)).toBe(true);
      expect(sweep.removed.some((d) => d.includes(alive.runName) || d.includes(mine.runName) || d === notAFleet)).toBe(false);
    } finally {
      fs.rmdirSync(notAFleet);
      await mine.removeAll();
      process.kill(alive.pid, 'SIGINT');
      await alive.exit;
    }
    expect(await waitNoGroups(alive.runName)).toEqual([]);
  });
});
