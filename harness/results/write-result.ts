// Writes a result atomically (temp file + rename) after validating it, so a crash never leaves half a file.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { UserError } from '../errors/user-error.ts';
import type { RunResult } from './result-types.ts';
import { validateResult } from './validate-result.ts';

export function writeJsonAtomic(path: string, data: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(data, null, 2) + '\n');
  renameSync(tmp, path);
}

/** Validates, then writes each path atomically. A result that fails validation is a bug: it is still written
 * next to the target as `<path>.invalid.json` so nothing measured is lost, and the error says where. */
export function writeResult(result: RunResult, paths: string[]): void {
  const v = validateResult(result);
  if (!v.ok) {
    const keep = `${paths[0]}.invalid.json`;
    writeJsonAtomic(keep, result);
    throw new UserError(`internal error: the result failed schema validation (${v.problem}); kept it at ${keep}`, { exitCode: 70 });
  }
  for (const p of paths) writeJsonAtomic(p, result);
}
