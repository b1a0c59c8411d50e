// systemd user-scope enforcement for unprivileged users: the budget is set when the command is spawned (scopePrefix), never later.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { cgroupMounts, readKeyed } from './cgroup-fs.ts';
import { STAT_ZERO, type FleetBackend, type MachineGroup, type ProbeResult } from './fleet-backend.ts';
import type { MachineStat } from './machine-types.ts';

const SYSTEMD_RUN = 'systemd-run';

/** Runs a throw-away scope with a CPUQuota (it ends with its `true` command and --collect unloads it): leaves nothing. */
export function probeSystemdScope(run: typeof spawnSync = spawnSync): ProbeResult {
  const r = run(SYSTEMD_RUN, ['--user', '--scope', '--quiet', '--collect', '-p', 'CPUQuota=10%', 'true'], { encoding: 'utf8', timeout: 5_000, stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.error) return { available: false, reason: `${SYSTEMD_RUN}: ${(r.error as NodeJS.ErrnoException).code ?? r.error.message}` };
  if (r.status !== 0) return { available: false, reason: `${SYSTEMD_RUN} --user --scope failed: ${String(r.stderr ?? '').trim().split('\n')[0] || `exit ${r.status}`}` };
  return { available: true, backend: systemdScopeBackend() };
}

/** CPU percentage for CPUQuota= (two decimals at most). */
const percent = (quotaUs: number, periodUs: number): string => `${Number(((quotaUs / periodUs) * 100).toFixed(2))}%`;

/** The scope's cgroup2 cpu.stat, found through systemd; zeros when it cannot be read. */
function scopeStat(unit: string): MachineStat {
  const r = spawnSync('systemctl', ['--user', 'show', '-p', 'ControlGroup', '--value', unit], { encoding: 'utf8', timeout: 5_000 });
  const group = r.status === 0 ? String(r.stdout).trim() : '';
  const mount = cgroupMounts().find((m) => m.type === 'cgroup2');
  if (!group || !mount) return { ...STAT_ZERO };
  try {
    const s = readKeyed(path.join(mount.dir, group, 'cpu.stat'));
    return { nrPeriods: s.nr_periods ?? 0, nrThrottled: s.nr_throttled ?? 0, throttledUs: s.throttled_usec ?? 0, usageUs: s.usage_usec };
  } catch {
    return { ...STAT_ZERO };
  }
}

export function systemdScopeBackend(): FleetBackend {
  return {
    enforcement: 'systemd-scope',
    detail: 'systemd-run --user --scope -p CPUQuota (budget applies from spawn: launch with scopePrefix)',
    open(runName) {
      return {
        createMachine(name, q): MachineGroup {
          const unit = `${runName}-${name}.scope`;
          const prefix = [SYSTEMD_RUN, '--user', '--scope', '--quiet', '--collect', `--unit=${unit}`, '-p', `CPUQuota=${percent(q.quotaUs, q.periodUs)}`, '-p', `CPUQuotaPeriodSec=${q.periodUs / 1_000}ms`];
          return {
            add() {
              throw new Error(`machine ${name}: under systemd-scope a running process cannot be moved; launch it with scopePrefix(machine) (the budget then applies from spawn)`);
            },
            stat: () => scopeStat(unit),
            spawnPrefix: () => [...prefix],
            // A scope ends with its processes (and --collect unloads it); the supervisor stops those.
            removeSync: () => true,
            remove: async () => true,
          };
        },
        removeSync: () => true,
        remove: async () => true,
      };
    },
  };
}
