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
