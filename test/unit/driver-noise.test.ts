// Item 14 of issue 12: CPU steal per CPU set from /proc/stat and preemption per process make a noisy step visible.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCpuTimes, stealShare } from '../../harness/measure/cpu-steal.ts';
import { loadgenVerdict } from '../../harness/bench/attribution.ts';
import type { ProcessCost } from '../../harness/results/result-types.ts';

function procRoot(stat: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'sl-procstat-'));
  writeFileSync(join(dir, 'stat'), stat);
  return dir;
}

const cost = (name: string, over: Partial<ProcessCost> = {}): ProcessCost => ({ name, role: name, pid: 1, cpuSeconds: 1, utilization: 0.3, rssPeakBytes: 1, cpuMsPerRequest: 0.1, ...over });

describe('cpu steal per CPU set', () => {
  it('given two /proc/stat readings, then the steal share of each CPU set is its stolen ticks over its total ticks', () => {
    //                 user nice system idle iowait irq softirq steal
    const a = readCpuTimes(procRoot('cpu  200 0 0 200 0 0 0 0 0 0\ncpu0 100 0 0 100 0 0 0 0 0 0\ncpu1 100 0 0 100 0 0 0 0 0 0\nintr 1\n'));
    const b = readCpuTimes(procRoot('cpu  380 0 0 300 0 0 0 120 0 0\ncpu0 160 0 0 120 0 0 0 120 0 0\ncpu1 220 0 0 180 0 0 0 0 0 0\nintr 1\n'));
    expect(stealShare(a, b, [0])).toBeCloseTo(120 / 200, 5);
    expect(stealShare(a, b, [1])).toBe(0);
    expect(stealShare(a, b, [0, 1])).toBeCloseTo(120 / 400, 5);
  });

  it('given a step with 20 % steal on a busy generator\'s CPUs, then it is flagged "noisy machine" (inconclusive), not blamed on the target', () => {
    const v = loadgenVerdict({
      intendedRate: 1000, achievedRate: 1000, loadgen: { ...cost('loadgen'), utilization: 0.7, cpus: '0' }, loadgenCores: 1, targets: [cost('app')],
      noise: { steal: { generator: 0.2, stage: 0.01 }, runQueueWaitShare: { loadgen: 0.01, app: 0.02 }, involuntaryCtxSwitches: { loadgen: 10, app: 5 } },
    });
    expect(v.inconclusive?.join(' ')).toMatch(/noisy machine: CPU steal 20 % of the generator's CPUs/);
  });

  it('given a generator waiting for a CPU 30 % of the step, then it is flagged "noisy machine" for preemption', () => {
    const v = loadgenVerdict({
      intendedRate: 1000, achievedRate: 1000, loadgen: cost('loadgen'), loadgenCores: 1, targets: [cost('app')],
      noise: { steal: { generator: 0, stage: 0 }, runQueueWaitShare: { loadgen: 0.3, app: 0.0 }, involuntaryCtxSwitches: { loadgen: 900, app: 5 } },
    });
    expect(v.inconclusive?.join(' ')).toMatch(/noisy machine: loadgen waited for a CPU 30 % of the step \(900 involuntary context switches\)/);
  });

  it('given steal on a CPU set with idle time left, then nothing is flagged: steal took idle time, not the step\'s', () => {
    const v = loadgenVerdict({
      intendedRate: 1000, achievedRate: 1000, loadgen: { ...cost('loadgen'), utilization: 0.2, cpus: '0' }, loadgenCores: 1, targets: [cost('app')],
      noise: { steal: { generator: 0.1, stage: 0.1 }, runQueueWaitShare: { loadgen: 0.01, app: 0.02 }, involuntaryCtxSwitches: { loadgen: 10, app: 5 } },
    });
    expect(v.inconclusive).toBeUndefined();
  });

  it('given a quiet machine, then nothing is flagged', () => {
    const v = loadgenVerdict({
      intendedRate: 1000, achievedRate: 1000, loadgen: cost('loadgen'), loadgenCores: 1, targets: [cost('app')],
      noise: { steal: { generator: 0.01, stage: 0.01 }, runQueueWaitShare: { loadgen: 0.02, app: 0.02 }, involuntaryCtxSwitches: { loadgen: 3, app: 3 } },
    });
    expect(v.inconclusive).toBeUndefined();
  });
});
