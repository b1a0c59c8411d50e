// Saturation is judged against each process's own allowance (budget, CPU set) and its throttling, never in raw cores.
import { describe, expect, it } from 'vitest';
import { attributeBottleneck } from '../../harness/bench/attribution.ts';
import { saturationOf } from '../../harness/analysis/saturation.ts';
import type { ProcessCost } from '../../harness/results/result-types.ts';

const proc = (name: string, utilization: number, extra: Partial<ProcessCost> = {}): ProcessCost => ({
  name, role: name.replace(/-\d+$/, ''), pid: 1, cpuSeconds: utilization * 10, utilization, rssPeakBytes: 1, cpuMsPerRequest: 0.1, ...extra,
});
const attribute = (processes: ProcessCost[]) =>
  attributeBottleneck({ loadgen: { bound: false }, processes, figures: {}, intendedRate: 1000, achievedRate: 1000 });

describe('saturation against the allowance', () => {
  it('given nginx with 4 workers on CPUs 0-3 at 0.9 cores, then it is not saturated and nothing is blamed', () => {
    const nginx = proc('nginx', 0.9, { cpus: '0-3' });
    expect(saturationOf(nginx)).toMatchObject({ allowanceCores: 4, allowanceFrom: 'cpu set', saturated: false });
    expect(attribute([nginx])).toBeUndefined();
  });

  it('given an app at 0.096 cores under a 0.1-core budget, throttled in 41 % of periods, then it is saturated, said against its budget', () => {
    const app = proc('app-2', 0.096, { budgetCores: 0.1, allowanceCores: 0.1, throttle: { periods: 1000, throttled: 410, throttledMs: 900 } });
    const s = saturationOf(app);
    expect(s.saturated).toBe(true);
    expect(s.text).toBe('app-2 at 96 % of its 0.1-core budget, throttled in 41 % of periods');
    expect(attribute([proc('nginx', 0.05, { budgetCores: 0.15 }), app])).toBe('app-2 CPU saturated (96 % of its 0.1-core budget, throttled in 41 % of periods)');
  });

  it('given a process at 60 % of its budget throttled in 55 % of periods, then it is saturated; 22 % of periods, or 57 % at 17 % of the budget (bursts), is not', () => {
    expect(saturationOf(proc('app-3', 0.017, { budgetCores: 0.1, throttle: { periods: 76, throttled: 43, throttledMs: 21 } })).saturated).toBe(false);
    expect(saturationOf(proc('redis', 0.06, { budgetCores: 0.1, throttle: { periods: 100, throttled: 55, throttledMs: 10 } })).saturated).toBe(true);
    expect(saturationOf(proc('redis', 0.06, { budgetCores: 0.1, throttle: { periods: 100, throttled: 22, throttledMs: 60 } })).saturated).toBe(false);
  });

  it('given a process held off by its quota for 30 % of the wall time, then it is saturated even at 70 % of its budget', () => {
    const s = saturationOf(proc('app-1', 0.07, { budgetCores: 0.1, throttle: { periods: 800, throttled: 320, throttledMs: 3000 } }));
    expect(s.throttledTimeShare).toBeCloseTo(0.3, 9);
    expect(s.saturated).toBe(true);
  });

  it('given a recorded allowance of 2 cores, then 1.5 cores is 75 % and not saturated; without any allowance one core is assumed', () => {
    expect(saturationOf(proc('app-1', 1.5, { allowanceCores: 2 }))).toMatchObject({ saturated: false, allowanceFrom: 'allowance' });
    expect(saturationOf(proc('app-1', 0.9))).toMatchObject({ saturated: true, allowanceFrom: 'one core', allowanceCores: 1 });
  });

  it('given budgeted machines that together fill their CPU set, then the shared set is not blamed (their budgets fit it)', () => {
    const b = attribute([proc('app-1', 0.45, { cpus: '1', budgetCores: 0.5 }), proc('app-2', 0.44, { cpus: '1', budgetCores: 0.5 })]);
    expect(b).toMatch(/app-1 CPU saturated \(90 % of its 0.5-core budget\)/);
    expect(b).not.toMatch(/the stage's CPU/);
  });
});
