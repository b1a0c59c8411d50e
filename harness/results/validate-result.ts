// Validates a results object against the JSON Schema in this folder; errors come back as one readable line.
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import { RESULT_SCHEMA_ID, RESULT_SCHEMA_VERSION, type RunResult } from './result-types.ts';

// Compiled on first use, not at import: compiling the schema costs ~1 s of CPU here, and most CLI starts (a bad flag,
// --help, up, doctor) and most test files that import this never validate anything.
let compiled: ValidateFunction | undefined;
function checker(): ValidateFunction {
  if (compiled === undefined) {
    const schema = JSON.parse(readFileSync(new URL('./result-schema.json', import.meta.url), 'utf8'));
    compiled = new Ajv({ allErrors: true, strict: false }).compile(schema);
  }
  return compiled;
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
