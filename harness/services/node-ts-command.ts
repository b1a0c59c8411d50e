// The command line that runs one of this project's TypeScript entry points as its own Node process (through tsx).
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

// createRequire rather than import.meta.resolve: the latter is missing under vitest's module runner.
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** `[node, [--cpu-prof…,] '--import', <tsx loader>, <absolute script>, ...args]]` for a script path relative to the project root. */
export function nodeTsCommand(script: string, args: string[] = []): { command: string; args: string[] } {
  const abs = fileURLToPath(new URL(script, `file://${PROJECT_ROOT}`));
  // Profiling (README, make perf): SCALELADDER_CPU_PROF_DIR=DIR makes each process write a CPU profile there at exit.
  const prof = process.env.SCALELADDER_CPU_PROF_DIR;
  const profile = prof !== undefined && prof !== '' ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : [];
  return { command: process.execPath, args: [...profile, '--import', TSX_LOADER, abs, ...args] };
}
