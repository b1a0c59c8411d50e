// The scale model through the real CLI: each process on its own CPU budget (cgroup), rates scaled, throttling recorded,
// and no cgroup left behind after a normal end, Ctrl-C, or a crashed stage process.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readResult } from '../../harness/results/read-result.ts';
import { isRunning } from '../fixtures/proc-alive.ts';

const CLI = join(process.cwd(), 'bin/scaleladder.mjs');
const CGROUP_CPU = '/sys/fs/cgroup/cpu';
const cgroupV1 = process.platform === 'linux' && process.getuid?.() === 0 && existsSync(join(CGROUP_CPU, 'cpu.cfs_quota_us'));

function runCli(args: string[], onLine?: (stderr: string, child: ReturnType<typeof spawn>) => void) {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => {
    stderr += d;
    onLine?.(stderr, child);
  });
  return { pid: child.pid!, done: new Promise<{ code: number | null; stdout: string; stderr: string }>((r) => child.on('exit', (code) => r({ code, stdout, stderr }))) };
}

/** cgroups this CLI process created: their names carry its pid. */
const groupsOf = (pid: number) => (existsSync(CGROUP_CPU) ? readdirSync(CGROUP_CPU).filter((n) => n.startsWith('scaleladder-') && n.includes(`-pid${pid}-`)) : []);

describe.skipIf(!cgroupV1)('scale model (needs root and cgroup v1 cpu: this box has it)', () => {
  it('given --machine-cpu 0.1, then tier rates are a tenth, each process has its budget and throttle counters, and no cgroup is left', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sl-scale-'));
    const out = join(dir, 'out.json');
    let seenGroups: string[] = [];
    const run = runCli(['bench', '--stage', '1', '--tiers', '10k,100k', '--step-duration', '2s', '--warmup', '0', '--calibrate', '1s', '--seed-links', '2000', '--machine-cpu', '0.1', '--results-dir', dir, '--out', out], (err) => {
      if (/step 1\/2/.test(err) && seenGroups.length === 0) seenGroups = groupsOf(run.pid);
    });
    const r = await run.done;
    expect(r.stderr).toMatch(/scale model 1:10: 1 machines \(1× app 0\.1 core\), cgroup1 quota per 10 ms/);
    expect(r.code).toBe(0);
    expect(seenGroups).toHaveLength(1);
    const res = readResult(out);
    expect(res.scaleModel).toMatchObject({ enforcement: 'cgroup1', scale: 0.1, periodUs: 10_000, oversubscribed: false });
    expect(res.scaleModel!.machines).toEqual([{ name: 'app-1', role: 'app', cpu: 0.1 }]);
    expect(res.scaleModel!.calibration?.[0]).toMatchObject({ name: 'app-1', rate: 150 });
    expect(res.steps[0].targetRate).toBeCloseTo(40.4, 1);
    expect(res.steps[1].targetRate).toBeCloseTo(404, 0);
    const app = res.steps[1].processes.find((p) => p.name === 'app-1')!;
    expect(app.budgetCores).toBe(0.1);
    expect(app.throttle!.periods).toBeGreaterThan(0);
    // Held to its budget: never more than the 0.1 core it may use (plus sampling slack).
    expect(app.utilization).toBeLessThan(0.13);
    expect(groupsOf(run.pid)).toEqual([]);
  }, 120_000);

  it('given budgets that add up to more than the stage CPUs, then it refuses in one line naming what to change', async () => {
    const r = await runCli(['bench', '--stage', '3', '--app-processes', '12', '--tiers', '1k', '--no-pin', '--machine-cpu', '0.2']).done;
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/need 2\.9 cores but its CPU set has 2: use a smaller --machine-cpu, fewer --app-processes or --read-replicas, or --allow-oversubscribe/);
  }, 60_000);

  it('given Ctrl-C while the machines are applied, then every process and every cgroup of the run is gone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sl-scale-int-'));
    let sent = false;
    const run = runCli(['bench', '--stage', '1', '--tiers', '10k,10k,10k', '--step-duration', '3s', '--warmup', '0', '--calibrate', '0', '--seed-links', '1000', '--results-dir', dir], (err, child) => {
      if (!sent && /step 1\/3/.test(err)) {
        sent = true;
        setTimeout(() => child.kill('SIGINT'), 1000);
      }
    });
    const r = await run.done;
    expect(sent).toBe(true);
    expect(r.code).toBe(130);
    expect(groupsOf(run.pid)).toEqual([]);
    const res = readResult(join(dir, 'latest-stage-1.json'));
    expect(res.aborted).toBe(true);
    for (const p of res.steps.flatMap((s) => s.processes)) expect(isRunning(p.pid)).toBe(false);
  }, 90_000);

  it('given a stage process killed while on its machine, then the run aborts (exit 3), keeps its partial result, and leaves no cgroup', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sl-scale-crash-'));
    let killed: number | undefined;
    const run = runCli(['bench', '--stage', '1', '--tiers', '10k,10k,10k', '--step-duration', '3s', '--warmup', '0', '--calibrate', '0', '--seed-links', '1000', '--results-dir', dir], (err) => {
      if (killed === undefined && /step 2\/3/.test(err)) {
        // The app is in its machine: its pid is listed in the machine's cgroup.
        const [group] = groupsOf(run.pid);
        const pids = readFileSync(join(CGROUP_CPU, group, 'app-1', 'cgroup.procs'), 'utf8').trim().split('\n').map(Number);
        killed = pids[0];
        process.kill(killed, 'SIGKILL');
      }
    });
    const r = await run.done;
    expect(killed).toBeGreaterThan(0);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/app-1 \(pid \d+\) exited unexpectedly \(SIGKILL\)/);
    expect(groupsOf(run.pid)).toEqual([]);
    expect(readResult(join(dir, 'latest-stage-1.json')).aborted).toBe(true);
  }, 90_000);
});
