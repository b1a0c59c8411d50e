// The claims file: the shipped one loads and covers every seed table; broken entries are UserErrors naming the claim and rule.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../harness/errors/user-error.ts';
import { loadClaimsFile, validateClaimsFile } from '../../harness/validate/claims-file.ts';

const good = { id: 'a', table: 't', row: 'r', text: 'x', stated: { value: 1, unit: 'B', text: '1 B' }, formula: 'none', inputs: {} };

describe('claims file', () => {
  it('ships the seed tables: performance, what breaks, algorithms, caching, memory', () => {
    const f = loadClaimsFile();
    const tables = new Set(f.claims.map((c) => c.table));
    for (const t of ['Performance at scale', 'What breaks at each scale stage', 'Algorithm comparison', 'Caching Layer', 'Memory Optimization']) {
      expect(tables.has(t), t).toBe(true);
    }
    expect(f.claims.length).toBeGreaterThanOrEqual(20);
  });

  it('reads JSON as well as YAML', () => {
    const dir = mkdtempSync(join(tmpdir(), 'claims-'));
    const file = join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ version: 1, claims: [good] }));
    expect(loadClaimsFile(file).claims[0].id).toBe('a');
  });

  it.each([
    [{ claims: 'no' }, /needs a "claims" list/],
    [{ claims: [{ ...good, id: 'Bad Id' }] }, /"id" must be kebab-case/],
    [{ claims: [good, good] }, /id "a" is used twice/],
    [{ claims: [{ ...good, formula: 'magic' }] }, /formula "magic" is unknown; use one of rate, product/],
    [{ claims: [{ ...good, stated: { value: '1', unit: 'B', text: '' } }] }, /stated.value must be a number or null/],
    [{ claims: [{ ...good, measure: { key: 'vibes', check: 'within' } }] }, /measure.key "vibes" is unknown/],
    [{ claims: [{ ...good, measure: { key: 'tier-stage', check: 'roughly' } }] }, /measure.check must be one of within, at-most, at-least/],
  ])('rejects %j', (data, message) => {
    expect(() => validateClaimsFile(data, 'c.yaml')).toThrow(UserError);
    expect(() => validateClaimsFile(data, 'c.yaml')).toThrow(message);
  });

  it('a missing file or bad YAML is one line naming the file', () => {
    expect(() => loadClaimsFile('/nonexistent/claims.yaml')).toThrow(/claims file \/nonexistent\/claims.yaml cannot be read/);
    const dir = mkdtempSync(join(tmpdir(), 'claims-'));
    writeFileSync(join(dir, 'bad.yaml'), 'claims: [\n  - {');
    expect(() => loadClaimsFile(join(dir, 'bad.yaml'))).toThrow(/is not valid YAML/);
  });
});
