// The command line that runs one of this project's TypeScript entry points as its own Node process: bin/run-ts.mjs
// starts it from a prebuilt bundle (harness/env/prebuilt.mjs), or through tsx when there is none.
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RUN_TS = fileURLToPath(new URL('../../bin/run-ts.mjs', import.meta.url));

/** `[node, [--cpu-prof…,] <bin/run-ts.mjs>, <absolute script>, ...args]]` for a script path relative to the project root. */
export function nodeTsCommand(script: string, args: string[] = []): { command: string; args: string[] } {
  const abs = fileURLToPath(new URL(script, `file://${PROJECT_ROOT}`));
  // Profiling (README, make perf): SCALELADDER_CPU_PROF_DIR=DIR makes each process write a CPU profile there at exit.
  const prof = process.env.SCALELADDER_CPU_PROF_DIR;
  const profile = prof !== undefined && prof !== '' ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : [];
  return { command: process.execPath, args: [...profile, RUN_TS, abs, ...args] };
}
