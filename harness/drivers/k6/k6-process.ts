// Runs one `k6 run` as its own process group (cleaned up even if the harness crashes) and stops it gracefully on demand.
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { registerGroup, unregisterGroup } from '../../supervisor/child-registry.ts';
import { signalGroup } from '../../supervisor/process-group.ts';

export interface K6Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when we stopped it (abort signal or deadline). */
  stoppedBy?: 'abort' | 'deadline';
}

export interface RunningK6 {
  pid: number;
  exited: Promise<K6Exit>;
  /** SIGINT (k6 stops, runs handleSummary, flushes its output), then SIGKILL after `graceMs`. Safe to call twice. */
  stop(reason: 'abort' | 'deadline', graceMs?: number): void;
}

export function startK6(bin: string, args: string[], logFile: string, env: NodeJS.ProcessEnv): RunningK6 {
  const log = openSync(logFile, 'a');
  let child;
  try {
    child = spawn(bin, args, { detached: true, stdio: ['ignore', log, log], env });
  } finally {
    closeSync(log);
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error(`k6 could not be started (${bin})`);
  registerGroup(pid);
  let stoppedBy: K6Exit['stoppedBy'];
  let killTimer: NodeJS.Timeout | undefined;
  const exited = new Promise<K6Exit>((resolve) => {
    child.on('exit', (code, signal) => {
      if (killTimer) clearTimeout(killTimer);
      unregisterGroup(pid);
      resolve({ code, signal, stoppedBy });
    });
  });
  return {
    pid,
    exited,
    stop(reason, graceMs = 15_000) {
      if (stoppedBy) return;
      stoppedBy = reason;
      signalGroup(pid, 'SIGINT');
      killTimer = setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs);
      killTimer.unref();
    },
  };
}

/** k6's exit codes that mean "it ran": 0, and 99 (thresholds crossed — the SLO verdict is ours to give). */
export function k6RanToEnd(code: number | null): boolean {
  return code === 0 || code === 99;
}

/** Names of k6's other exit codes (k6 errext), for the error line. */
export const K6_EXIT_NAMES: Record<number, string> = {
  97: 'cloud test run failed',
  100: 'setup() timed out',
  101: 'teardown() timed out',
  103: 'engine error',
  104: 'invalid configuration',
  105: 'stopped externally',
  107: 'script error',
  108: 'test aborted by the script',
};
