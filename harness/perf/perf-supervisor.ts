// make perf's targets run under the supervisor: own process group, log file, readiness with a timeout, SIGTERM then
// SIGKILL, and stopped on Ctrl-C, SIGTERM or a crash of the perf script, so a failed `make perf` leaves no orphans.
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { findOnPath } from '../measure/find-binary.ts';
import { lastLogLines, oneLine } from '../supervisor/log-follower.ts';
import { installShutdownHandlers } from '../supervisor/shutdown.ts';
import type { StartedService } from '../supervisor/started-service.ts';
import { Supervisor } from '../supervisor/supervisor.ts';

/**
 * Runs `f` with a supervisor of its own (logs under a temporary run folder, removed when `f` succeeds); everything it
 * started is stopped after, whatever happens.
 */
export async function withPerfSupervisor<T>(name: string, f: (supervisor: Supervisor) => Promise<T>): Promise<T> {
  const supervisor = new Supervisor({ runDir: mkdtempSync(join(tmpdir(), `scaleladder-perf-${name}-`)) });
  const uninstall = installShutdownHandlers(() => supervisor.stopAll());
  try {
    const result = await f(supervisor);
    await supervisor.stopAll();
    rmSync(supervisor.runDir, { recursive: true, force: true });
    return result;
  } finally {
    await supervisor.stopAll();
    uninstall();
  }
}

/** The CPU a perf target is pinned to: '1' when this Linux box has two or more and taskset (the generator keeps CPU 0); else unpinned. */
export function perfTargetCpus(): string | undefined {
  return process.platform === 'linux' && availableParallelism() > 1 && findOnPath('taskset') ? '1' : undefined;
}

/** Waits for a one-shot child (a writer) to end on its own; its group is stopped after, and a failed exit throws with its last log lines. */
export async function untilExit(svc: StartedService): Promise<void> {
  // The supervisor unrefs its children: without a timer of ours, a loop with nothing else to do would end here.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  const { code, signal } = await svc.exited.finally(() => clearInterval(keepAlive));
  await svc.stop();
  if (code !== 0) throw new Error(`${svc.name} exited with ${signal ?? code}: ${oneLine(lastLogLines(svc.logFile, 0))}`);
}
