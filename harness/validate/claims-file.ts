// Loads and checks the editable claims file (YAML or JSON); a bad entry is one UserError naming the claim and the rule.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { UserError } from '../errors/user-error.ts';
import {
  FORMULA_KINDS,
  MEASUREMENT_KEYS,
  type Claim,
  type ClaimsFile,
  type FormulaKind,
  type MeasurementKey,
} from './claim-types.ts';
import { NAMED_CAUSES } from './cause-check.ts';

export const DEFAULT_CLAIMS_PATH = fileURLToPath(new URL('../../claims/seed-claims.yaml', import.meta.url));

const CHECKS = ['within', 'at-most', 'at-least'];

export function loadClaimsFile(path = DEFAULT_CLAIMS_PATH): ClaimsFile {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UserError(`claims file ${path} cannot be read: ${(e as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = path.endsWith('.json') ? JSON.parse(raw) : parseYaml(raw);
  } catch (e) {
    throw new UserError(`claims file ${path} is not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${(e as Error).message}`);
  }
  return validateClaimsFile(parsed, path);
}

/** Checks the shape of a parsed claims file; throws UserError with the claim id and the rule broken. */
export function validateClaimsFile(parsed: unknown, where = 'claims file'): ClaimsFile {
  const f = parsed as ClaimsFile;
  if (!f || typeof f !== 'object' || !Array.isArray(f.claims)) {
    throw new UserError(`${where}: needs a "claims" list (see claims/seed-claims.yaml)`);
  }
  const seen = new Set<string>();
  f.claims.forEach((c: Claim, i) => {
    const at = `${where}: claim #${i + 1}${c && typeof c.id === 'string' ? ` (${c.id})` : ''}`;
    if (!c || typeof c !== 'object') throw new UserError(`${at} must be a mapping`);
    if (typeof c.id !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(c.id)) throw new UserError(`${at}: "id" must be kebab-case letters and digits`);
    if (seen.has(c.id)) throw new UserError(`${at}: id "${c.id}" is used twice`);
    seen.add(c.id);
    for (const k of ['table', 'row', 'text'] as const) {
      if (typeof c[k] !== 'string' || c[k] === '') throw new UserError(`${at}: "${k}" must be a non-empty string`);
    }
    const s = c.stated;
    if (!s || typeof s !== 'object' || typeof s.unit !== 'string' || typeof s.text !== 'string') {
      throw new UserError(`${at}: "stated" needs { value, unit, text }`);
    }
    if (s.value !== null && typeof s.value !== 'number') throw new UserError(`${at}: stated.value must be a number or null`);
    if (!FORMULA_KINDS.includes(c.formula as FormulaKind)) {
      throw new UserError(`${at}: formula "${String(c.formula)}" is unknown; use one of ${FORMULA_KINDS.join(', ')}`);
    }
    c.inputs ??= {};
    if (typeof c.inputs !== 'object') throw new UserError(`${at}: "inputs" must be a mapping`);
    if (c.inputs.cause !== undefined && !Object.hasOwn(NAMED_CAUSES, String(c.inputs.cause))) {
      throw new UserError(`${at}: inputs.cause "${String(c.inputs.cause)}" is unknown; use one of ${Object.keys(NAMED_CAUSES).join(', ')}`);
    }
    if (c.measure !== undefined) {
      if (!MEASUREMENT_KEYS.includes(c.measure.key as MeasurementKey)) {
        throw new UserError(`${at}: measure.key "${String(c.measure.key)}" is unknown; use one of ${MEASUREMENT_KEYS.join(', ')}`);
      }
      if (!CHECKS.includes(c.measure.check)) throw new UserError(`${at}: measure.check must be one of ${CHECKS.join(', ')}`);
    }
  });
  return { version: f.version ?? 1, claims: f.claims };
}
