// Removes fleets left by a harness that died without cleaning up (SIGKILL, power cut): only scaleladder-*-pid<P>-t<T> groups whose owner is gone.
import fs from 'node:fs';
import path from 'node:path';
import { cgroupMounts, ownGroupPath, removeGroupTreeSync, type CgroupMount } from './cgroup-fs.ts';
import { ownerAlive, parseFleetName } from './fleet-names.ts';

export interface FleetLocation {
  /** A group under which fleets may have been created. */
  dir: string;
  /** Where processes still inside a stale fleet are moved before its removal. */
  tasksTo: string;
}

/** Every place openFleet may create fleets on this host: the cpu and cpuacct v1 hierarchies and the cgroup2 tree. */
export function fleetLocations(mounts: CgroupMount[] = cgroupMounts()): FleetLocation[] {
  const out: FleetLocation[] = [];
  for (const m of mounts) {
    if (m.readOnly) continue;
    if (m.type === 'cgroup') {
      const controller = ['cpu', 'cpuacct'].find((c) => m.options.includes(c));
      if (!controller) continue;
      const root = path.resolve(m.dir);
      const own = path.resolve(root, `.${ownGroupPath(controller)}`);
      out.push({ dir: root, tasksTo: own });
      if (own !== root) out.push({ dir: own, tasksTo: own });
    } else {
      const root = path.resolve(m.dir);
      const own = path.resolve(root, `.${ownGroupPath(null)}`);
      out.push({ dir: root, tasksTo: own });
      if (own !== root && path.dirname(own) !== root) out.push({ dir: path.dirname(own), tasksTo: own });
    }
  }
  return out;
}

export interface StaleSweep {
  /** Groups removed. */
  removed: string[];
  /** Stale groups that could not be removed (a process would not move), to report. */
  failed: string[];
}

/** Removes stale fleets; never a group whose name does not parse as a fleet name, nor one whose owner still runs. */
export function removeStaleFleets(locations: FleetLocation[] = fleetLocations()): StaleSweep {
  const sweep: StaleSweep = { removed: [], failed: [] };
  for (const loc of locations) {
    let names: string[];
    try {
      names = fs.readdirSync(loc.dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    } catch {
      continue;
    }
    for (const name of names) {
      const owner = parseFleetName(name);
      if (!owner || ownerAlive(owner)) continue;
      const dir = path.join(loc.dir, name);
      (removeGroupTreeSync(dir, loc.tasksTo) ? sweep.removed : sweep.failed).push(dir);
    }
  }
  return sweep;
}
