// A machine's budget really limits what its processes burn: a busy loop (and a busy process tree) on a 0.2-core machine uses 0.2 core.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openFleet, type Machine } from '../../harness/machines/index.ts';
import { clkTck, processTree, readProcStat } from '../../harness/measure/process-stats.ts';
import { repoRoot } from '../fixtures/proc-spec.ts';
import { nodeTsCommand } from '../../harness/services/node-ts-command.ts';

const BUDGET = 0.2;
const WINDOW_MS = 2_000;
const fleet = openFleet(`enforcement-${process.pid}`, { removeStale: false });
const enforced = fleet.enforcement === 'cgroup1' || fleet.enforcement === 'cgroup2';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});
afterAll(async () => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  for (const pid of extraPids.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  await fleet.removeAll();
});
const extraPids: number[] = [];

/** Idle and total jiffies of the whole box (/proc/stat "cpu" line). */
function boxTimes(): { idle: number; total: number } {
  const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return { idle: f[3] + (f[4] ?? 0), total: f.reduce((a, b) => a + b, 0) };
}

const treeCpuSeconds = (pid: number): number => processTree(pid).reduce((sum, p) => sum + (readProcStat(p)?.cpuSeconds ?? 0), 0);

interface Window {
  /** CPU the processes used per second of wall time, cores (from /proc/<pid>/stat). */
  cores: number;
  /** The same from the machine's own counter (cpuacct / usage_usec), when there is one. */
  counterCores?: number;
  throttledPeriods: number;
  periods: number;
  /** Fraction of the box's CPU that was idle during the window. */
  boxIdle: number;
}

async function measure(machine: Machine, rootPid: number): Promise<Window> {
  const s0 = machine.stat();
  const b0 = boxTimes();
  const c0 = treeCpuSeconds(rootPid);
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, WINDOW_MS));
  const c1 = treeCpuSeconds(rootPid);
  const t1 = performance.now();
  const b1 = boxTimes();
  const s1 = machine.stat();
  const wall = (t1 - t0) / 1_000;
  return {
    cores: (c1 - c0) / wall,
    counterCores: s1.usageUs !== undefined && s0.usageUs !== undefined ? (s1.usageUs - s0.usageUs) / 1e6 / wall : undefined,
    throttledPeriods: s1.nrThrottled - s0.nrThrottled,
    periods: s1.nrPeriods - s0.nrPeriods,
    boxIdle: (b1.idle - b0.idle) / Math.max(1, b1.total - b0.total),
  };
}

/** Within 10 % of the budget; below it only when the box had no idle CPU left to give (and the kernel did throttle). */
function expectHeldToBudget(w: Window): void {
  const tick = 1 / clkTck() / (WINDOW_MS / 1_000); // /proc counts in ticks: one tick of rounding per reading
  expect(w.cores).toBeLessThanOrEqual(BUDGET * 1.1 + tick);
  expect(w.throttledPeriods).toBeGreaterThan(0); // the kernel enforced the quota
  // Below the budget is the box's doing, not the quota's, when other work held the CPUs: a refilled quota then waits for
  // a CPU. Seen in CI with the suite's two forks running: 14 % idle on average, the loop got 0.178 of its 0.2 core.
  const contended = w.boxIdle < 0.2;
  if (!contended) {
    // The machine's own counter when there is one (exact), else /proc's ticks.
    expect(w.counterCores ?? w.cores).toBeGreaterThanOrEqual(BUDGET * 0.9 - tick);
    expect(w.throttledPeriods).toBeGreaterThan(0.5 * (WINDOW_MS / (fleet.periodUs / 1_000))); // a busy loop is stalled in most periods
  }
  if (w.counterCores !== undefined) expect(Math.abs(w.counterCores - w.cores)).toBeLessThan(0.03);
}

describe.skipIf(!enforced)(`given a ${BUDGET}-core machine enforced by ${fleet.enforcement} (${fleet.reason})`, () => {
  it('when a busy loop runs on it, then it uses the budget (±10 %) over 2 s, and the kernel reports it throttled', async () => {
    const machine = fleet.create({ name: 'busy', role: 'app', cpu: BUDGET });
    expect({ quotaUs: machine.quotaUs, periodUs: machine.periodUs }).toEqual({ quotaUs: 2_000, periodUs: 10_000 });
    const busy = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
    children.push(busy);
    await new Promise((r) => busy.once('spawn', r));

    machine.add([busy.pid!]);
    const w = await measure(machine, busy.pid!);

    console.log(`busy loop on ${BUDGET} core: ${JSON.stringify(w)}`);
    expectHeldToBudget(w);
  });

  it('when a busy process with a busy child is added by its root (addTree), then the two together use the budget', async () => {
    const machine = fleet.create({ name: 'tree', role: 'balancer', cpu: BUDGET });
    const cmd = nodeTsCommand('test/fixtures/proc-busy-loop.ts');
    const parent = spawn(cmd.command, cmd.args, {
      cwd: repoRoot,
      env: { ...process.env, CHILDREN: '1', BALLAST_MB: '1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(parent);
    let out = '';
    const childPid = await new Promise<number>((resolve, reject) => {
      parent.stdout!.on('data', (d) => {
        out += d;
        const m = /child (\d+)/.exec(out);
        if (m && out.includes('ready')) resolve(Number(m[1]));
      });
      setTimeout(() => reject(new Error(`fixture not ready: ${out}`)), 30_000).unref();
    });
    extraPids.push(childPid);

    machine.addTree(parent.pid!);
    const w = await measure(machine, parent.pid!);

    console.log(`parent + child on ${BUDGET} core: ${JSON.stringify(w)}`);
    expect(processTree(parent.pid!)).toContain(childPid);
    expectHeldToBudget(w);
  });
});
