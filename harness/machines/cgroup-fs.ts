// Small synchronous cgroupfs operations shared by the v1 and v2 backends: mounts, own group, keyed files, moving pids, removal.
import fs from 'node:fs';
import path from 'node:path';

export interface CgroupMount {
  /** Mount point, e.g. /sys/fs/cgroup/cpu or /sys/fs/cgroup/unified. */
  dir: string;
  type: 'cgroup' | 'cgroup2';
  /** Mount options (v1: controller names such as 'cpu', 'cpuacct'). */
  options: string[];
  readOnly: boolean;
}

/** cgroup and cgroup2 mounts from /proc/self/mounts (empty when unreadable). */
export function cgroupMounts(mountsText?: string): CgroupMount[] {
  let text = mountsText;
  if (text === undefined) {
    try {
      text = fs.readFileSync('/proc/self/mounts', 'utf8');
    } catch {
      return [];
    }
  }
  const out: CgroupMount[] = [];
  for (const line of text.split('\n')) {
    const [, dir, type, opts] = line.split(' ');
    if (type !== 'cgroup' && type !== 'cgroup2') continue;
    const options = (opts ?? '').split(',');
    out.push({ dir: dir.replace(/\\040/g, ' '), type, options, readOnly: options.includes('ro') });
  }
  return out;
}

/**
 * The calling process's group inside a hierarchy, from /proc/self/cgroup: `controller` names a v1 hierarchy
 * ('cpu', 'cpuacct'), null the v2 one ("0::/path"). '/' when not found.
 */
export function ownGroupPath(controller: string | null, cgroupText?: string): string {
  let text = cgroupText;
  if (text === undefined) {
    try {
      text = fs.readFileSync('/proc/self/cgroup', 'utf8');
    } catch {
      return '/';
    }
  }
  for (const line of text.split('\n')) {
    const [id, controllers, ...rest] = line.split(':');
    if (rest.length === 0) continue;
    const p = rest.join(':');
    if (controller === null ? id === '0' && controllers === '' : controllers.split(',').includes(controller)) return p || '/';
  }
  return '/';
}

/** "key value" lines (cpu.stat) as numbers. */
export function readKeyed(file: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const [k, v] = line.trim().split(/\s+/);
    if (k && v !== undefined) out[k] = Number(v);
  }
  return out;
}

/** Pids in a group's cgroup.procs (empty when the group is gone). */
export function groupPids(dir: string): number[] {
  try {
    return fs
      .readFileSync(path.join(dir, 'cgroup.procs'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/** Writes each pid to `dir`/cgroup.procs (one write per pid: that moves the whole thread group); exited pids are skipped. */
export function movePids(dir: string, pids: number[]): void {
  const file = path.join(dir, 'cgroup.procs');
  for (const pid of pids) {
    try {
      fs.writeFileSync(file, String(pid));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ESRCH') continue; // exited meanwhile
      throw err;
    }
  }
}

/**
 * One attempt at removing a group and its sub-groups: every process left in them goes to `tasksTo` (a group that may
 * hold processes, e.g. the harness's own), then rmdir bottom-up. Returns true once `dir` is gone. Never throws.
 */
export function removeGroupTreeOnce(dir: string, tasksTo: string): boolean {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT';
  }
  for (const e of entries) if (e.isDirectory()) removeGroupTreeOnce(path.join(dir, e.name), tasksTo);
  try {
    movePids(tasksTo, groupPids(dir));
  } catch {
    // a process that cannot move now is retried by the caller
  }
  try {
    fs.rmdirSync(dir);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

const sleepSync = (ms: number): void => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
};

/** removeGroupTreeOnce, retried for up to `timeoutMs` (a killed process can take a moment to leave); for exit hooks. */
export function removeGroupTreeSync(dir: string, tasksTo: string, timeoutMs = 500): boolean {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (removeGroupTreeOnce(dir, tasksTo)) return true;
    if (Date.now() >= deadline) return false;
    sleepSync(20);
  }
}

/** The same, without blocking the event loop between attempts. */
export async function removeGroupTree(dir: string, tasksTo: string, timeoutMs = 2_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (removeGroupTreeOnce(dir, tasksTo)) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
}
