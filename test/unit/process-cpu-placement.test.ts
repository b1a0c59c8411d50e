// CPU placement plans (generator on one CPU, stage on the rest) and pinning a process with taskset.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { formatCpuList, parseCpuList, planCpuPlacement } from '../../harness/measure/cpu-placement.ts';
import { findOnPath } from '../../harness/measure/find-binary.ts';
import { repoRoot } from '../fixtures/proc-spec.ts';

const linux = process.platform === 'linux';

/** taskset comes with util-linux (scripts/system-deps installs it): without it these tests fail saying so, never skip. */
function requireTaskset(): void {
  if (findOnPath('taskset') === undefined) throw new Error("taskset not found on PATH: install util-linux (scripts/system-deps, run by make test, does)");
}

describe('planCpuPlacement', () => {
  it('given pinning disabled, then unpinned with the reason', () => {
    expect(planCpuPlacement({ cores: 8, disable: true })).toEqual({ pinned: false, cores: 8, reason: 'CPU pinning disabled by option' });
  });

  it.skipIf(!linux)('given 1 core, then unpinned: generator and stage share it (Linux only: taskset)', () => {
    requireTaskset();
    expect(planCpuPlacement({ cores: 1 })).toMatchObject({ pinned: false, cores: 1, reason: expect.stringContaining('only 1 core') });
  });

  it.skipIf(!linux)('given 2 cores, then generator on 0 and stage on 1 (Linux only: taskset)', () => {
    requireTaskset();
    expect(planCpuPlacement({ cores: 2 })).toMatchObject({ pinned: true, cores: 2, generatorCpus: '0', stageCpus: '1' });
  });

  it.skipIf(!linux)('given 8 cores, then generator on 0 and stage on 1-7 (Linux only: taskset)', () => {
    requireTaskset();
    expect(planCpuPlacement({ cores: 8 })).toMatchObject({ pinned: true, generatorCpus: '0', stageCpus: '1-7' });
  });

  it('given this machine, then the plan covers every allowed CPU', () => {
    const plan = planCpuPlacement();
    expect(plan.cores).toBeGreaterThanOrEqual(1);
    if (plan.pinned) expect(parseCpuList(`${plan.generatorCpus},${plan.stageCpus}`)).toHaveLength(plan.cores);
  });
});

describe('CPU lists', () => {
  it('given lists, then parse and format round-trip', () => {
    expect(parseCpuList('0-2,5,7-8')).toEqual([0, 1, 2, 5, 7, 8]);
    expect(formatCpuList([0, 1, 2, 5, 7, 8])).toBe('0-2,5,7-8');
    expect(formatCpuList([3])).toBe('3');
  });
});

describe('pinSelf', () => {
  it.skipIf(!linux)('given a process that pins itself to CPU 0, then all its threads are allowed only CPU 0 (Linux only: taskset)', () => {
    requireTaskset();
    const code = `
      const { pinSelf } = await import(${JSON.stringify(`${repoRoot}/harness/measure/cpu-placement.ts`)});
      const fs = await import('node:fs');
      const ok = pinSelf('0');
      const tasks = fs.readdirSync('/proc/self/task');
      const lists = tasks.map((t) => /Cpus_allowed_list:\\s*(\\S+)/.exec(fs.readFileSync('/proc/self/task/' + t + '/status', 'utf8'))[1]);
      console.log(JSON.stringify({ ok, lists }));`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: repoRoot, encoding: 'utf8' });
    const { ok, lists } = JSON.parse(out.trim().split('\n').at(-1)!);
    expect(ok).toBe(true);
    expect(lists.length).toBeGreaterThan(1);
    expect(new Set(lists)).toEqual(new Set(['0']));
  });
});
