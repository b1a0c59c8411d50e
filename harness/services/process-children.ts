// Child pids of a process (Linux /proc), used to see a master process swap its workers on a graceful reload.
import { isLive, listProcs } from '../measure/process-stats.ts';

/** Live (non-zombie) children of `pid`; empty where /proc is not available. */
export function childPids(pid: number): number[] {
  return listProcs()
    .filter((p) => p.ppid === pid && isLive(p))
    .map((p) => p.pid);
}

/**
 * Signals `pid` to reload (nginx: SIGHUP; haproxy -W: SIGUSR2) and resolves once it runs a new set of children and the
 * old ones are gone, i.e. every new connection is served by the new configuration. Linux only (reads /proc).
 */
export async function reloadAndWaitForNewChildren(pid: number, signal: NodeJS.Signals, timeoutMs = 10_000): Promise<void> {
  if (process.platform !== 'linux') throw new Error('a graceful reload is observed through /proc (Linux only): restart the balancer instead');
  const before = new Set(childPids(pid));
  process.kill(pid, signal);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = childPids(pid);
    const fresh = now.filter((p) => !before.has(p));
    const oldLeft = now.filter((p) => before.has(p));
    if (fresh.length > 0 && oldLeft.length === 0) return;
    if (Date.now() > deadline) {
      throw new Error(`pid ${pid}: reload not finished after ${timeoutMs} ms (new children: ${fresh.length}, old still running: ${oldLeft.join(', ') || 'none'})`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}
