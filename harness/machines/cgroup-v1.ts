// cgroup v1 enforcement: cpu.cfs_quota_us / cpu.cfs_period_us in the cpu hierarchy, CPU use from a twin group in cpuacct.
import fs from 'node:fs';
import path from 'node:path';
import { cgroupMounts, movePids, ownGroupPath, readKeyed, removeGroupTree, removeGroupTreeSync, type CgroupMount } from './cgroup-fs.ts';
import type { FleetBackend, FleetGroup, MachineGroup, ProbeResult } from './fleet-backend.ts';
import type { MachineStat } from './machine-types.ts';
import type { Quota } from './quota.ts';

export interface CgroupV1Location {
  /** Group under which fleets are created in the cpu hierarchy (default: the harness's own, e.g. /sys/fs/cgroup/cpu). */
  cpuDir: string;
  /** Group under which twin groups count CPU use (cpuacct.usage); null when cpuacct is co-mounted with cpu or absent. */
  cpuacctDir: string | null;
}

/** One hierarchy: where fleets go and where leftover processes go back to. */
interface Hierarchy {
  parent: string;
  tasksTo: string;
}

const hasController = (m: CgroupMount, c: string): boolean => m.type === 'cgroup' && m.options.includes(c);

/** The harness's own group in the hierarchy mounted at `m` (fleets are created beneath it). */
const ownDir = (m: CgroupMount, controller: string): string => {
  const dir = path.resolve(m.dir, `.${ownGroupPath(controller)}`);
  return fs.existsSync(dir) ? dir : m.dir;
};

/** Looks for a writable cgroup v1 cpu hierarchy with CFS quota support; creates nothing. */
export function probeCgroupV1(location?: Partial<CgroupV1Location>, mounts: CgroupMount[] = cgroupMounts()): ProbeResult {
  let cpuDir = location?.cpuDir;
  let cpuacctDir = location?.cpuacctDir;
  const cpuMount = mounts.find((m) => hasController(m, 'cpu'));
  if (cpuDir === undefined) {
    if (!cpuMount) return { available: false, reason: 'no cgroup v1 cpu hierarchy is mounted' };
    if (cpuMount.readOnly) return { available: false, reason: `${cpuMount.dir} is mounted read-only` };
    cpuDir = ownDir(cpuMount, 'cpu');
  }
  if (cpuacctDir === undefined) {
    const acct = mounts.find((m) => hasController(m, 'cpuacct'));
    cpuacctDir = acct && acct !== cpuMount && !acct.readOnly ? ownDir(acct, 'cpuacct') : null;
  }
  if (!fs.existsSync(path.join(cpuDir, 'cpu.cfs_quota_us'))) return { available: false, reason: `${cpuDir} has no cpu.cfs_quota_us (kernel without CFS bandwidth control)` };
  try {
    fs.accessSync(cpuDir, fs.constants.W_OK);
  } catch {
    return { available: false, reason: `${cpuDir} is not writable by this user (needs root)` };
  }
  if (cpuacctDir !== null) {
    try {
      fs.accessSync(cpuacctDir, fs.constants.W_OK);
    } catch {
      cpuacctDir = null; // budgets still hold; only usageUs goes missing
    }
  }
  return { available: true, backend: cgroupV1Backend({ cpuDir, cpuacctDir }) };
}

function v1MachineGroup(cpu: Hierarchy, acct: Hierarchy | null, name: string, quota: Quota): MachineGroup {
  const cpuDir = path.join(cpu.parent, name);
  const acctDir = acct ? path.join(acct.parent, name) : null;
  fs.mkdirSync(cpuDir);
  try {
    // Period first: the new group's quota is still -1 (unlimited), so any period is accepted.
    fs.writeFileSync(path.join(cpuDir, 'cpu.cfs_period_us'), String(quota.periodUs));
    fs.writeFileSync(path.join(cpuDir, 'cpu.cfs_quota_us'), String(quota.quotaUs));
  } catch (err) {
    fs.rmdirSync(cpuDir);
    throw err;
  }
  let usageDir = acctDir;
  if (acctDir) {
    try {
      fs.mkdirSync(acctDir);
    } catch {
      usageDir = null;
    }
  }
  const parts = (): [string, string][] => [[cpuDir, cpu.tasksTo], ...(usageDir && acct ? [[usageDir, acct.tasksTo] as [string, string]] : [])];
  return {
    add(pids) {
      movePids(cpuDir, pids);
      if (usageDir) movePids(usageDir, pids);
    },
    stat(): MachineStat {
      const s = readKeyed(path.join(cpuDir, 'cpu.stat'));
      const out: MachineStat = { nrPeriods: s.nr_periods ?? 0, nrThrottled: s.nr_throttled ?? 0, throttledUs: Math.round((s.throttled_time ?? 0) / 1_000) };
      const usageFile = path.join(usageDir ?? cpuDir, 'cpuacct.usage');
      if (fs.existsSync(usageFile)) out.usageUs = Math.round(Number(fs.readFileSync(usageFile, 'utf8')) / 1_000);
      return out;
    },
    spawnPrefix: () => [],
    removeSync: () => parts().every(([dir, to]) => removeGroupTreeSync(dir, to)),
    remove: async () => (await Promise.all(parts().map(([dir, to]) => removeGroupTree(dir, to)))).every(Boolean),
  };
}

export function cgroupV1Backend(location: CgroupV1Location): FleetBackend {
  return {
    enforcement: 'cgroup1',
    detail: `cpu.cfs_quota_us under ${location.cpuDir}`,
    open(runName): FleetGroup {
      const cpu: Hierarchy = { parent: path.join(location.cpuDir, runName), tasksTo: location.cpuDir };
      fs.mkdirSync(cpu.parent);
      let acct: Hierarchy | null = null;
      if (location.cpuacctDir) {
        try {
          fs.mkdirSync(path.join(location.cpuacctDir, runName));
          acct = { parent: path.join(location.cpuacctDir, runName), tasksTo: location.cpuacctDir };
        } catch {
          acct = null;
        }
      }
      const parts = (): Hierarchy[] => [cpu, ...(acct ? [acct] : [])];
      return {
        createMachine: (name, quota) => v1MachineGroup(cpu, acct, name, quota),
        removeSync: () => parts().every((h) => removeGroupTreeSync(h.parent, h.tasksTo)),
        remove: async () => (await Promise.all(parts().map((h) => removeGroupTree(h.parent, h.tasksTo)))).every(Boolean),
      };
    },
  };
}
