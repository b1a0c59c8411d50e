// Reads a results file and refuses corrupt, truncated or newer-schema files with a one-line UserError.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors/user-error.ts';
import type { RunResult } from './result-types.ts';
import { validateResult } from './validate-result.ts';

export function readResult(path: string): RunResult {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UserError(`cannot read result ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}; check the path`);
  }
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    throw new UserError(`result ${path} is not valid JSON (truncated or corrupt?); re-run the bench or pick another file`);
  }
  const v = validateResult(data);
  if (!v.ok) throw new UserError(`result ${path} is not a valid scaleladder result: ${v.problem}`);
  return v.result;
}

/** A file, or a folder of repeated runs (every *.json in it, sorted by name). */
export function readResults(pathOrDir: string): RunResult[] {
  let st;
  try {
    st = statSync(pathOrDir);
  } catch {
    throw new UserError(`no such result file or folder: ${pathOrDir}`);
  }
  if (!st.isDirectory()) return [readResult(pathOrDir)];
  const files = readdirSync(pathOrDir).filter((f) => f.endsWith('.json')).sort();
  if (files.length === 0) throw new UserError(`folder ${pathOrDir} holds no result .json files`);
  return files.map((f) => readResult(join(pathOrDir, f)));
}
