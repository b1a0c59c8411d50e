// Stops a command whose parent went away: `npx scaleladder …` runs us under `sh -c`, and npx forwards a signal only
// to that shell, which dies without passing it on, so we are re-parented (to init or a subreaper) and would run on.
import { readFileSync } from 'node:fs';

export interface WatchParentOptions {
  /** How often the parent is checked (default 500 ms). */
  intervalMs?: number;
}

/** The parent pid now, from /proc (Node's process.ppid is cached on first read); process.ppid elsewhere. */
export function currentPpid(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return process.ppid;
  }
}

function gone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Calls onGone once when the process that started us exits (we are re-parented, or it no longer exists).
 * Standard output and error may be closed with it: write errors are ignored from then on. Returns a stop function.
 */
export function watchParent(onGone: (parentPid: number) => void, opts: WatchParentOptions = {}): () => void {
  const { intervalMs = 500 } = opts;
  // The parent at start-up (bin/scaleladder.mjs records it first thing): one that died while we loaded counts too.
  const parent = (globalThis as { __scaleladderParentPid?: number }).__scaleladderParentPid ?? currentPpid();
  if (parent <= 1) return () => undefined; // started by init (a daemon): nothing to watch
  const timer = setInterval(() => {
    if (currentPpid() === parent && !gone(parent)) return;
    clearInterval(timer);
    const ignore = () => undefined;
    process.stdout.on('error', ignore);
    process.stderr.on('error', ignore);
    onGone(parent);
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
