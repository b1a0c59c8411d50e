// Signals and liveness of a child's process group (the child was spawned detached, so its pid is the group id).
import { isLive, listProcs } from '../measure/process-stats.ts';

/** Sends `signal` to every process of group `pgid`; false when the group no longer exists (or is no longer ours). */
export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false; // ESRCH: group gone; EPERM: not ours (never retry as someone else)
  }
}

/** Linux: does any member of the group still run? Zombies do not count (init here may never reap orphans). */
function liveMembersLinux(pgid: number): boolean {
  const procs = listProcs();
  if (procs.length === 0) return signalGroup(pgid, 0);
  return procs.some((p) => p.pgrp === pgid && isLive(p));
}

/** True while any process of the group is alive (not a zombie). */
export function groupAlive(pgid: number): boolean {
  if (!signalGroup(pgid, 0)) return false;
  return process.platform === 'linux' ? liveMembersLinux(pgid) : true;
}

/** Resolves true once the group has no live member, false if it still has one after `timeoutMs`. */
export async function waitGroupGone(pgid: number, timeoutMs: number, pollMs = 25): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!groupAlive(pgid)) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, Math.min(pollMs, Math.max(1, deadline - Date.now()))));
  }
}
