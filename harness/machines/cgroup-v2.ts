// cgroup v2 enforcement: cpu.max in a subtree where the cpu controller is enabled and this user may write (root or delegated).
import fs from 'node:fs';
import path from 'node:path';
import { cgroupMounts, movePids, ownGroupPath, readKeyed, removeGroupTree, removeGroupTreeSync, type CgroupMount } from './cgroup-fs.ts';
import type { FleetBackend, FleetGroup, MachineGroup, ProbeResult } from './fleet-backend.ts';
import type { MachineStat } from './machine-types.ts';

export interface CgroupV2Location {
  /** Group under which fleets are created; its cgroup.subtree_control must list cpu. */
  dir: string;
  /** Where leftover processes go back to on removal (default: the harness's own group). */
  tasksTo: string;
}

const words = (file: string): string[] => {
  try {
    return fs.readFileSync(file, 'utf8').trim().split(/\s+/);
  } catch {
    return [];
  }
};

/**
 * Looks for a cgroup v2 group with the cpu controller enabled for its children that this user may write: the mount's
 * root (root user) or the parent of the harness's own group (a delegated subtree). Creates and enables nothing.
 */
export function probeCgroupV2(location?: Partial<CgroupV2Location>, mounts: CgroupMount[] = cgroupMounts()): ProbeResult {
  const mount = mounts.find((m) => m.type === 'cgroup2');
  if (!location?.dir && !mount) return { available: false, reason: 'no cgroup2 is mounted' };
  if (!location?.dir && mount!.readOnly) return { available: false, reason: `${mount!.dir} is mounted read-only` };
  const own = mount ? path.resolve(mount.dir, `.${ownGroupPath(null)}`) : '/';
  const tasksTo = location?.tasksTo ?? own;
  // The mount's root (root user), or the parent of our own group when that lies inside the mount (a delegated subtree).
  const candidates = location?.dir ? [location.dir] : [...new Set([path.resolve(mount!.dir), ...(own !== path.resolve(mount!.dir) ? [path.dirname(own)] : [])])];
  const why: string[] = [];
  for (const dir of candidates) {
    if (!words(path.join(dir, 'cgroup.controllers')).includes('cpu')) {
      why.push(`${dir} has no cpu controller (cgroup.controllers: ${words(path.join(dir, 'cgroup.controllers')).join(' ') || 'empty'})`);
      continue;
    }
    if (!words(path.join(dir, 'cgroup.subtree_control')).includes('cpu')) {
      why.push(`cpu is not enabled for subgroups of ${dir} (cgroup.subtree_control)`);
      continue;
    }
    try {
      fs.accessSync(dir, fs.constants.W_OK);
    } catch {
      why.push(`${dir} is not writable by this user`);
      continue;
    }
    return { available: true, backend: cgroupV2Backend({ dir, tasksTo }) };
  }
  return { available: false, reason: why.join('; ') };
}

function v2MachineGroup(fleetDir: string, tasksTo: string, name: string, quotaUs: number, periodUs: number): MachineGroup {
  const dir = path.join(fleetDir, name);
  fs.mkdirSync(dir);
  try {
    fs.writeFileSync(path.join(dir, 'cpu.max'), `${quotaUs} ${periodUs}`);
  } catch (err) {
    fs.rmdirSync(dir);
    throw err;
  }
  return {
    add: (pids) => movePids(dir, pids),
    stat(): MachineStat {
      const s = readKeyed(path.join(dir, 'cpu.stat'));
      return { nrPeriods: s.nr_periods ?? 0, nrThrottled: s.nr_throttled ?? 0, throttledUs: s.throttled_usec ?? 0, usageUs: s.usage_usec };
    },
    spawnPrefix: () => [],
    removeSync: () => removeGroupTreeSync(dir, tasksTo),
    remove: () => removeGroupTree(dir, tasksTo),
  };
}

export function cgroupV2Backend(location: CgroupV2Location): FleetBackend {
  return {
    enforcement: 'cgroup2',
    detail: `cpu.max under ${location.dir}`,
    open(runName): FleetGroup {
      const dir = path.join(location.dir, runName);
      fs.mkdirSync(dir);
      try {
        fs.writeFileSync(path.join(dir, 'cgroup.subtree_control'), '+cpu'); // the fleet group holds no process, so this is allowed
      } catch (err) {
        fs.rmdirSync(dir);
        throw err;
      }
      return {
        createMachine: (name, q) => v2MachineGroup(dir, location.tasksTo, name, q.quotaUs, q.periodUs),
        removeSync: () => removeGroupTreeSync(dir, location.tasksTo),
        remove: () => removeGroupTree(dir, location.tasksTo),
      };
    },
  };
}
