// Fleet group names carry the run id and the owning harness (pid + start time), so a stale fleet is recognised without guessing.
import fs from 'node:fs';
import { statFields } from '../measure/process-stats.ts';

const NAME = /^scaleladder-(.+)-pid(\d+)-t(\d+)$/;

/** Characters safe in a cgroup (and systemd unit) name; anything else becomes '_'. */
export const safeName = (s: string): string => s.replace(/[^A-Za-z0-9._-]/g, '_');

/** Start time of a process in clock ticks since boot (/proc/<pid>/stat field 22); null when it is gone or a zombie. */
export function processStartTicks(pid: number): number | null {
  try {
    const f = statFields(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
    if (f[0] === 'Z' || f[0] === 'X') return null;
    return Number(f[19]);
  } catch {
    return null;
  }
}

/** scaleladder-<runId>-pid<pid>-t<start ticks> for the calling process (or `pid`). */
export function fleetName(runId: string, pid: number = process.pid): string {
  return `scaleladder-${safeName(runId)}-pid${pid}-t${processStartTicks(pid) ?? 0}`;
}

export interface FleetOwner {
  runId: string;
  pid: number;
  startTicks: number;
}

/** The owner encoded in a fleet name; null for anything that is not a fleet name (never touched). */
export function parseFleetName(name: string): FleetOwner | null {
  const m = NAME.exec(name);
  return m ? { runId: m[1], pid: Number(m[2]), startTicks: Number(m[3]) } : null;
}

/** True while the owning harness still runs: same pid, same start time (a reused pid is another process), not a zombie. */
export function ownerAlive(owner: FleetOwner): boolean {
  const start = processStartTicks(owner.pid);
  return start !== null && start === owner.startTicks;
}
