// The command line that runs one of this project's TypeScript entry points as its own Node process (through tsx).
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

// createRequire rather than import.meta.resolve: the latter is missing under vitest's module runner.
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** `[node, ['--import', <tsx loader>, <absolute script>, ...args]]` for a script path relative to the project root. */
export function nodeTsCommand(script: string, args: string[] = []): { command: string; args: string[] } {
  const abs = fileURLToPath(new URL(script, `file://${PROJECT_ROOT}`));
  return { command: process.execPath, args: ['--import', TSX_LOADER, abs, ...args] };
}
