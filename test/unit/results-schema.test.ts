// The results JSON is validated on write and on read; broken, truncated or newer files are refused clearly.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readResult, readResults } from '../../harness/results/read-result.ts';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import { resultValidatorCacheFile, validateResult } from '../../harness/results/validate-result.ts';
import { writeResult } from '../../harness/results/write-result.ts';
import { configHash } from '../../harness/results/config-hash.ts';
import { syntheticResult } from '../helpers/synthetic-result.ts';

const dir = mkdtempSync(join(tmpdir(), 'sl-results-'));

describe('results schema', () => {
  it('given a result built by the pipeline, then it validates and round-trips through write/read', () => {
    const r = syntheticResult([1000, 2000, 3000]);
    expect(validateResult(r).ok).toBe(true);
    const p = join(dir, 'a.json');
    writeResult(r, [p]);
    expect(readResult(p)).toEqual(r);
  });

  it('the compiled validator kept in .cache/ajv gives exactly the verdicts and errors of a fresh compile of the schema', () => {
    validateResult(syntheticResult([1000]));
    const file = resultValidatorCacheFile();
    expect(existsSync(file), file).toBe(true);
    const cached = createRequire(import.meta.url)(file) as ValidateFunction;
    const fresh = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(new URL('../../harness/results/result-schema.json', import.meta.url), 'utf8')));
    const missing = syntheticResult([1000]) as unknown as Record<string, unknown>;
    delete (missing.steps as Record<string, unknown>[])[0].latencyUs;
    const samples: unknown[] = [syntheticResult([1000, 2000]), missing, { ...syntheticResult([1000]), stage: 'two' }, { schema: 'scaleladder/result@1' }, { ...syntheticResult([1000]), extra: 1 }];
    for (const [i, sample] of samples.entries()) {
      expect(cached(sample), `sample ${i}`).toBe(fresh(sample));
      expect(cached.errors ?? null, `sample ${i}`).toEqual(fresh.errors ?? null);
    }
    expect(fresh(missing)).toBe(false);
  });

  it('rejects a result missing a required field, naming the path', () => {
    const r = syntheticResult([1000]) as unknown as Record<string, unknown>;
    delete (r.steps as Record<string, unknown>[])[0].latencyUs;
    const v = validateResult(r);
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.problem).toMatch(/steps\/0.*latencyUs/);
  });

  it('rejects a newer schema version with an upgrade hint', () => {
    const r = { ...syntheticResult([1000]), schemaVersion: 99 };
    const v = validateResult(r);
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.problem).toMatch(/newer scaleladder.*upgrade/);
  });

  it('refuses a truncated file with a one-line message naming it', () => {
    const p = join(dir, 'trunc.json');
    const full = JSON.stringify(syntheticResult([1000]));
    writeFileSync(p, full.slice(0, full.length / 2));
    expect(() => readResult(p)).toThrow(/trunc.json is not valid JSON \(truncated or corrupt\?\)/);
  });

  it('refuses a JSON file that is not a result', () => {
    const p = join(dir, 'other.json');
    writeFileSync(p, JSON.stringify({ hello: 1 }));
    expect(() => readResult(p)).toThrow(/not a scaleladder result/);
  });

  it('an invalid result is kept next to the target instead of being lost', () => {
    const r = syntheticResult([1000]) as unknown as Record<string, unknown>;
    r.stage = 'one';
    const p = join(dir, 'bad.json');
    expect(() => writeResult(r as never, [p])).toThrow(/failed schema validation/);
    expect(JSON.parse(readFileSync(`${p}.invalid.json`, 'utf8')).stage).toBe('one');
  });

  it('reads a folder of repeated runs', () => {
    const sub = mkdtempSync(join(tmpdir(), 'sl-rep-'));
    writeResult(syntheticResult([1000]), [join(sub, '1.json')]);
    writeResult(syntheticResult([2000]), [join(sub, '2.json')]);
    expect(readResults(sub)).toHaveLength(2);
  });

  it('config hash ignores key order and changes with values', () => {
    expect(configHash({ a: 1, b: { c: 2, d: 3 } })).toBe(configHash({ b: { d: 3, c: 2 }, a: 1 }));
    expect(configHash({ a: 1 })).not.toBe(configHash({ a: 2 }));
  });
});
