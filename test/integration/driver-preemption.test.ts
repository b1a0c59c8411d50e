// Item 14 of issue 12: involuntary context switches and run-queue wait of each process, measured for real: two busy
// loops pinned to one CPU preempt each other.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { ProcessSampler } from '../../harness/measure/process-sampler.ts';

const started: ChildProcess[] = [];
afterEach(() => {
  for (const c of started.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

function busyOnCpu0(): Promise<ChildProcess> {
  const c = spawn('taskset', ['-c', '0', process.execPath, '-e', 'console.log("ready"); for (;;) {}'], { stdio: ['ignore', 'pipe', 'ignore'] });
  started.push(c);
  return new Promise((resolve) => c.stdout!.once('data', () => resolve(c)));
}

describe('preemption per process', () => {
  it('given two busy loops sharing one CPU, then each waited for the CPU a large share of the window and was switched out involuntarily', async () => {
    const [a, b] = await Promise.all([busyOnCpu0(), busyOnCpu0()]);
    const sampler = new ProcessSampler([{ name: 'a', role: 'x', pid: a.pid! }, { name: 'b', role: 'x', pid: b.pid! }]);
    sampler.start();
    await new Promise((r) => setTimeout(r, 1500));
    const accounts = sampler.stop();
    for (const acc of accounts) {
      expect(acc.involuntaryCtxSwitches).toBeGreaterThan(10);
      // Each gets at most half of CPU 0: it waits for it at least ~40 % of the time (more on a busy machine).
      expect(acc.runQueueWaitSeconds! / acc.wallSeconds).toBeGreaterThan(0.3);
    }
  }, 20_000);
});

describe('preemption of a process tree', () => {
  it('given three busy children of one parent sharing one CPU, then their waits sum past the wall time but the most-delayed one stays under it', async () => {
    // The parent spawns three busy loops on CPU 0 and reports when all run; the tree is accounted as one target, as a
    // database's backends or nginx's workers are.
    const parent = spawn(
      process.execPath,
      ['-e', `const { spawn } = require('node:child_process');
        for (let i = 0; i < 3; i++) spawn('taskset', ['-c', '0', process.execPath, '-e', 'for (;;) {}'], { stdio: 'ignore' });
        setTimeout(() => console.log('ready'), 300); setInterval(() => {}, 1000);`],
      { stdio: ['ignore', 'pipe', 'ignore'], detached: true },
    );
    started.push(parent);
    await new Promise((resolve) => parent.stdout!.once('data', resolve));
    try {
      const sampler = new ProcessSampler([{ name: 'tree', role: 'db', pid: parent.pid!, tree: true }]);
      sampler.start();
      await new Promise((r) => setTimeout(r, 1500));
      const [acc] = sampler.stop();
      // Each loop gets about a third of CPU 0 and waits about two thirds: together well over one wall time.
      expect(acc.runQueueWaitSeconds! / acc.wallSeconds).toBeGreaterThan(1.1);
      expect(acc.runQueueWaitPeakSeconds!).toBeLessThan(acc.wallSeconds);
      expect(acc.runQueueWaitPeakSeconds!).toBeGreaterThan(0.3 * acc.wallSeconds);
    } finally {
      // The whole group: the parent and its three loops (the loops are ours, started in this test's process group).
      process.kill(-parent.pid!, 'SIGKILL');
    }
  }, 20_000);
});
