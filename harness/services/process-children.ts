// Child pids of a process (Linux /proc), used to see a master process swap its workers on a graceful reload.
import fs from 'node:fs';

/** Live (non-zombie) children of `pid`; empty where /proc is not available. */
export function childPids(pid: number): number[] {
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return [];
  }
  const out: number[] = [];
  for (const entry of entries) {
    if (entry.charCodeAt(0) < 48 || entry.charCodeAt(0) > 57) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(rest[1]) === pid && rest[0] !== 'Z' && rest[0] !== 'X') out.push(Number(entry));
  }
  return out;
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
