// ProcessSampler over real processes: utilization of one busy core, peak RSS via VmHWM, tree sums, exits mid-window.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ProcessSampler } from '../../harness/measure/process-sampler.ts';
import { readProcStat } from '../../harness/measure/process-stats.ts';
import { Supervisor } from '../../harness/supervisor/supervisor.ts';
import { Wait } from '../../harness/supervisor/wait.ts';
import { runNode, type NodeChild } from '../fixtures/proc-node.ts';
import { fixtureSpec } from '../fixtures/proc-spec.ts';

const children: NodeChild[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
afterEach(() => children.splice(0).forEach((c) => c.kill()));

/**
 * A child that, on "go" from stdin, spins for `ms` of wall time and reports the CPU it got by its own account
 * (process.cpuUsage), so the sampler can be checked even when the shared machine gives it less than a core.
 */
const spinOnGo = (ms: number, thenExit: boolean): string => `
  console.log('waiting');
  process.stdin.once('data', () => {
    const c0 = process.cpuUsage(); const t0 = performance.now();
    while (performance.now() - t0 < ${ms}) {}
    const c = process.cpuUsage(c0);
    console.log(JSON.stringify({ cpu: (c.user + c.system) / 1e6, wall: (performance.now() - t0) / 1e3 }));
    ${thenExit ? 'process.exit(0);' : 'setInterval(() => {}, 1000);'}
  });`;

describe('ProcessSampler', () => {
  it('given a child burning one core for ~1 s, then utilization matches the CPU it got (about 1: 0.7..1.1 when the machine is free)', async () => {
    const child = await runNode(spinOnGo(1_000, false));
    children.push(child);
    await child.nextLine();

    const sampler = new ProcessSampler([{ name: 'busy', role: 'app', pid: child.pid, cpus: '1' }]);
    sampler.start();
    child.child.stdin!.write('go\n');
    const own = JSON.parse(await child.nextLine()) as { cpu: number; wall: number };
    const [account] = sampler.stop();

    expect(account).toMatchObject({ name: 'busy', role: 'app', pid: child.pid, cpus: '1' });
    expect(account.wallSeconds).toBeGreaterThanOrEqual(1);
    expect(account.cpuSeconds).toBeCloseTo(account.utilization * account.wallSeconds, 9);
    // The sampler saw what the child says it got, within a couple of clock ticks and the window's edges.
    expect(Math.abs(account.cpuSeconds - own.cpu)).toBeLessThan(0.05 + 0.1 * own.cpu);
    expect(account.utilization).toBeLessThan(1.1);
    // When the child had (nearly) a core to itself, the figure is the one the brief expects.
    if (own.cpu / own.wall > 0.8) expect(account.utilization).toBeGreaterThan(0.7);
    expect(account.rssPeakBytes).toBeGreaterThan(10 * 1024 * 1024);
  });

  it('given an idle child, when sampled, then utilization is near 0', async () => {
    const idle = await runNode("console.log('go'); setInterval(() => {}, 1000)");
    children.push(idle);
    await idle.nextLine();
    const sampler = new ProcessSampler([{ name: 'idle', role: 'db', pid: idle.pid }], { intervalMs: 50 });
    sampler.start();
    await sleep(500);
    expect(sampler.stop()[0].utilization).toBeLessThan(0.1);
  });

  it.skipIf(process.platform !== 'linux')(
    'given a 200 MB spike shorter than the sampling interval, then the peak still shows it (VmHWM), and an earlier spike does not (Linux only: /proc)',
    async () => {
      const code = `
        const spike = (mb) => { let b = Buffer.alloc(mb * 1024 * 1024, 1); b = null; globalThis.gc(); };
        spike(300);
        console.log('before');
        process.stdin.on('data', () => { spike(200); console.log('spiked'); });`;
      const child = await runNode(code, ['--expose-gc']);
      children.push(child);
      await child.nextLine();

      const sampler = new ProcessSampler([{ name: 'spiky', role: 'app', pid: child.pid }], { intervalMs: 5_000 });
      sampler.start();
      child.child.stdin!.write('go\n');
      await child.nextLine();
      const [account] = sampler.stop();

      expect(account.rssPeakBytes).toBeGreaterThan(200 * 1024 * 1024);
      expect(account.rssPeakBytes).toBeLessThan(290 * 1024 * 1024);
    },
  );

  it('given a child that exits mid-window, then the CPU it spent before exiting still counts (less at most one interval)', async () => {
    const child = await runNode(spinOnGo(400, true));
    children.push(child);
    await child.nextLine();
    const sampler = new ProcessSampler([{ name: 'short', role: 'app', pid: child.pid }], { intervalMs: 20 });
    sampler.start();
    child.child.stdin!.write('go\n');
    const own = JSON.parse(await child.nextLine()) as { cpu: number };
    await new Promise((r) => child.child.once('exit', r));
    await sleep(200);
    const [account] = sampler.stop();

    expect(own.cpu).toBeGreaterThan(0);
    expect(account.cpuSeconds).toBeGreaterThan(own.cpu - 0.05);
    expect(account.cpuSeconds).toBeLessThan(own.cpu + 0.05 + 0.1 * own.cpu);
  });

  it('given a parent whose two children burn CPU, when sampled as a tree, then the account sums the children; alone, it does not', async () => {
    const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleladder-sampler-'));
    const supervisor = new Supervisor({ runDir });
    try {
      const svc = await supervisor.start(
        fixtureSpec('proc-busy-loop.ts', { name: 'tree', env: { CHILDREN: '2', BURN_MS: '0', BALLAST_MB: '8' }, ready: Wait.forLogLine(/^ready/) }),
      );
      await sleep(200);
      const kids = [...fs.readFileSync(svc.logFile, 'utf8').matchAll(/child (\d+)/g)].map((m) => Number(m[1]));
      const cpuOf = (pids: number[]): number => pids.reduce((sum, pid) => sum + (readProcStat(pid)?.cpuSeconds ?? 0), 0);
      const sampler = new ProcessSampler([
        { name: 'tree', role: 'balancer', pid: svc.pid, tree: true },
        { name: 'alone', role: 'balancer', pid: svc.pid },
      ]);
      const before = cpuOf([svc.pid, ...kids]);
      sampler.start();
      await sleep(1_000);
      const [tree, alone] = sampler.stop();
      const after = cpuOf([svc.pid, ...kids]);

      expect(kids).toHaveLength(2);
      expect(tree.cpuSeconds).toBeGreaterThan(0.05);
      expect(Math.abs(tree.cpuSeconds - (after - before))).toBeLessThan(0.05 + 0.1 * (after - before));
      expect(alone.utilization).toBeLessThan(0.2);
      expect(tree.cpuSeconds).toBeGreaterThan(alone.cpuSeconds * 3);
      expect(tree.rssPeakBytes).toBeGreaterThan(alone.rssPeakBytes);
    } finally {
      await supervisor.stopAll();
      fs.rmSync(runDir, { recursive: true, force: true });
    }
  });

  it('given bad options or stop before start, then it says what is wrong', () => {
    expect(() => new ProcessSampler([], { intervalMs: 1 })).toThrow('intervalMs must be at least 10, got 1');
    expect(() => new ProcessSampler([]).stop()).toThrow(/before start/);
  });
});
