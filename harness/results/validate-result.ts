// Validates a results object against the JSON Schema in this folder; errors come back as one readable line.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv';
import { RESULT_SCHEMA_ID, RESULT_SCHEMA_VERSION, type RunResult } from './result-types.ts';

const AJV_OPTIONS = { allErrors: true, strict: false } as const;
/** Where the compiled validator is kept, as ajv's standalone code (CommonJS), one file per schema text and ajv version. */
const CACHE_DIR = fileURLToPath(new URL('../../.cache/ajv/', import.meta.url));
const requireHere = createRequire(import.meta.url);

// Compiled on first use, not at import: compiling the schema costs ~0.4–1 s of CPU here, and most CLI starts (a bad
// flag, --help, up, doctor) and most test files that import this never validate anything. The compiled code is kept
// in .cache/ajv (ajv's standalone code: the same validate function, loaded in ~10 ms), so a process after the first
// never compiles the schema again until it or ajv changes.
let compiled: ValidateFunction | undefined;
function checker(): ValidateFunction {
  compiled ??= loadValidator();
  return compiled;
}

/** The cached validator's file for this schema text, ajv version and options (it may not exist yet). */
export function resultValidatorCacheFile(text = readFileSync(new URL('./result-schema.json', import.meta.url), 'utf8')): string {
  const ajvVersion = (requireHere('ajv/package.json') as { version: string }).version;
  const key = createHash('sha256').update(`${ajvVersion}\0${JSON.stringify(AJV_OPTIONS)}\0${text}`).digest('hex').slice(0, 16);
  return `${CACHE_DIR}result-schema-${key}.cjs`;
}

function loadValidator(): ValidateFunction {
  const text = readFileSync(new URL('./result-schema.json', import.meta.url), 'utf8');
  const file = resultValidatorCacheFile(text);
  try {
    return requireHere(file) as ValidateFunction;
  } catch {
    // Not cached yet (or unreadable): compile below.
  }
  const { Ajv } = requireHere('ajv') as typeof import('ajv');
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true } });
  const validate = ajv.compile(JSON.parse(text));
  try {
    const standaloneCode = (requireHere('ajv/dist/standalone/index.js') as typeof import('ajv/dist/standalone/index.js')).default;
    mkdirSync(CACHE_DIR, { recursive: true });
    const tmp = `${file}.tmp-${process.pid}`;
    writeFileSync(tmp, standaloneCode(ajv, validate));
    renameSync(tmp, file);
  } catch {
    // A read-only checkout: validate with the compiled function, just without keeping it.
  }
  return validate;
}

export type ValidationOutcome = { ok: true; result: RunResult } | { ok: false; problem: string };

/** Checks schema id and version first (so a newer file gets a clear message), then the full shape. */
export function validateResult(data: unknown): ValidationOutcome {
  if (!data || typeof data !== 'object') return { ok: false, problem: 'not a JSON object' };
  const d = data as Record<string, unknown>;
  if (typeof d.schema !== 'string' || !d.schema.startsWith('scaleladder/result@')) {
    return { ok: false, problem: `not a scaleladder result (schema is ${JSON.stringify(d.schema)}, expected "${RESULT_SCHEMA_ID}")` };
  }
  if (typeof d.schemaVersion === 'number' && d.schemaVersion > RESULT_SCHEMA_VERSION) {
    return {
      ok: false,
      problem: `written by a newer scaleladder (schema version ${d.schemaVersion}, this one reads up to ${RESULT_SCHEMA_VERSION}); upgrade scaleladder`,
    };
  }
  const check = checker();
  if (check(data)) return { ok: true, result: data as RunResult };
  const errs = (check.errors ?? []).slice(0, 3).map((e) => `${e.instancePath || '/'} ${e.message}`);
  const more = (check.errors?.length ?? 0) > 3 ? ` (+${check.errors!.length - 3} more)` : '';
  return { ok: false, problem: errs.join('; ') + more };
}
