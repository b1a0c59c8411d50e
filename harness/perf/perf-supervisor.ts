// make perf's targets run under the supervisor: own process group, log file, readiness with a timeout, SIGTERM then
// SIGKILL, and stopped on Ctrl-C, SIGTERM or a crash of the perf script, so a failed `make perf` leaves no orphans.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installShutdownHandlers } from '../supervisor/shutdown.ts';
import { Supervisor } from '../supervisor/supervisor.ts';

/** Runs `f` with a supervisor of its own (logs under a temporary run folder); everything it started is stopped after, whatever happens. */
export async function withPerfSupervisor<T>(name: string, f: (supervisor: Supervisor) => Promise<T>): Promise<T> {
  const supervisor = new Supervisor({ runDir: mkdtempSync(join(tmpdir(), `scaleladder-perf-${name}-`)) });
  const uninstall = installShutdownHandlers(() => supervisor.stopAll());
  try {
    return await f(supervisor);
  } finally {
    await supervisor.stopAll();
    uninstall();
  }
}
