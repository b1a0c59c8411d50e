// Collects a k6 script and every local module it imports into flat ConfigMap keys, rewriting the imports to match.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { UserError } from '../errors/user-error.ts';

/** Relative import/export specifiers: `from './x.ts'`, `import './x.ts'`, `import('./x.ts')`. */
const RELATIVE_SPECIFIER = /(\bfrom\s*|\bimport\s*\(?\s*)(['"])(\.\.?\/[^'"]+)\2/g;

export interface ScriptBundle {
  /** ConfigMap key of the entry script. */
  entry: string;
  /** ConfigMap key → file text, imports rewritten to the flat keys ('./k6__lib__define-scenario.ts'). */
  files: Record<string, string>;
  /** Absolute source path of every key, for the record. */
  sources: Record<string, string>;
}

/**
 * ConfigMap keys cannot hold '/', and k6-operator mounts the ConfigMap as one flat folder (/test), so
 * `loadtests/k6/lib/define-scenario.ts` becomes `k6__lib__define-scenario.ts` (path below the common root, '/' → '__').
 */
export function flatKey(root: string, file: string): string {
  return relative(root, file).split(sep).join('__');
}

function commonDir(files: string[]): string {
  let root = dirname(files[0]);
  for (const f of files) while (relative(root, f).startsWith('..') && root !== dirname(root)) root = dirname(root);
  return root;
}

/** Every local module reachable from `entryPath`, in discovery order. */
function collect(entryPath: string): Map<string, string> {
  const texts = new Map<string, string>();
  const queue = [resolve(entryPath)];
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (texts.has(file)) continue;
    if (!existsSync(file)) throw new UserError(`k6 export: ${file} (imported by the script) does not exist; check the import paths`);
    const text = readFileSync(file, 'utf8');
    texts.set(file, text);
    for (const m of text.matchAll(RELATIVE_SPECIFIER)) queue.push(resolve(dirname(file), m[3]));
  }
  return texts;
}

export function bundleScript(entryPath: string): ScriptBundle {
  const texts = collect(entryPath);
  const root = commonDir([...texts.keys()]);
  const files: Record<string, string> = {};
  const sources: Record<string, string> = {};
  for (const [file, text] of texts) {
    const key = flatKey(root, file);
    files[key] = text.replace(RELATIVE_SPECIFIER, (_all, lead: string, q: string, spec: string) => `${lead}${q}./${flatKey(root, resolve(dirname(file), spec))}${q}`);
    sources[key] = file;
  }
  return { entry: flatKey(root, resolve(entryPath)), files, sources };
}
