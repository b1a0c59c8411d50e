// Code generator: 7-char base62 codes that round-trip, never collide, and form a keyed permutation.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CODE_LENGTH, DEFAULT_CODE_KEY, MAX_ID, decodeCode, encodeId, hasGeneratedShape, isValidCode } from '../../targets/app/codegen.ts';

const BASE62_7 = /^[0-9A-Za-z]{7}$/;
const anyId = fc.integer({ min: 1, max: MAX_ID });

describe('codegen', () => {
  it('given ids 1..200,000, when encoded, then every code is 7 base62 chars, all distinct, and decodes back', () => {
    const seen = new Set<string>();
    for (let id = 1; id <= 200_000; id++) {
      const code = encodeId(id);
      if (!BASE62_7.test(code)) throw new Error(`id ${id} gave malformed code ${code}`);
      if (decodeCode(code) !== id) throw new Error(`id ${id} → ${code} → ${decodeCode(code)}`);
      seen.add(code);
    }
    expect(seen.size).toBe(200_000);
  });

  it('given any id across the whole 41-bit range, when encoded and decoded, then it round-trips', () => {
    fc.assert(
      fc.property(anyId, fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (id, key) => {
        const code = encodeId(id, key);
        expect(code).toMatch(BASE62_7);
        expect(decodeCode(code, key)).toBe(id);
      }),
      { numRuns: 20_000 },
    );
  });

  it('given two different ids anywhere in the range, when encoded with one key, then the codes differ', () => {
    fc.assert(
      fc.property(anyId, anyId, (a, b) => {
        fc.pre(a !== b);
        expect(encodeId(a)).not.toBe(encodeId(b));
      }),
      { numRuns: 20_000 },
    );
  });

  it('given random base62 strings of 7 chars, when decoded, then a result is an id that re-encodes to the same string (permutation)', () => {
    const base62 = fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz');
    fc.assert(
      fc.property(fc.array(base62, { minLength: 7, maxLength: 7 }).map((cs) => cs.join('')), (code) => {
        const id = decodeCode(code);
        if (id !== null) {
          expect(id).toBeGreaterThanOrEqual(1);
          expect(id).toBeLessThanOrEqual(MAX_ID);
          expect(encodeId(id)).toBe(code);
        }
      }),
      { numRuns: 20_000 },
    );
  });

  it('given the extremes of the range, when encoded, then they round-trip and out-of-range ids are refused', () => {
    for (const id of [1, 2, MAX_ID - 1, MAX_ID]) expect(decodeCode(encodeId(id))).toBe(id);
    for (const bad of [0, -1, MAX_ID + 1, 1.5, Number.NaN]) expect(() => encodeId(bad)).toThrow(RangeError);
    expect(() => encodeId(1, -1)).toThrow(/code key must be a non-negative safe integer/);
  });

  it('given consecutive ids, when encoded, then neighbouring codes share no obvious prefix (obfuscated, not sequential)', () => {
    let samePrefix = 0;
    for (let id = 1; id < 1000; id++) if (encodeId(id).slice(0, 3) === encodeId(id + 1).slice(0, 3)) samePrefix++;
    expect(samePrefix).toBeLessThan(5);
  });

  it('given two different keys, when encoding the same ids, then the codes differ', () => {
    let same = 0;
    for (let id = 1; id <= 1000; id++) if (encodeId(id, DEFAULT_CODE_KEY) === encodeId(id, DEFAULT_CODE_KEY + 1)) same++;
    expect(same).toBe(0);
  });

  it('given strings that are not generated codes, when decoded, then the answer is null', () => {
    for (const bad of ['', 'abc', 'abcdefgh', 'abc-efg', 'zzzzzzz', 'abcdéfg', 42, null, undefined]) {
      expect(decodeCode(bad)).toBeNull();
    }
  });

  it('given custom codes, when checked, then 3..32 chars of [A-Za-z0-9_-] pass and everything else fails', () => {
    for (const ok of ['abc', 'my-link_1', 'A'.repeat(32), 'abc1234']) expect(isValidCode(ok)).toBe(true);
    for (const bad of ['ab', 'A'.repeat(33), 'has space', 'dot.ted', 'slash/', 'ümlaut', '', 7, null]) expect(isValidCode(bad)).toBe(false);
    expect(hasGeneratedShape(encodeId(12345))).toBe(true);
    expect(hasGeneratedShape('abc-efg')).toBe(false);
    expect(hasGeneratedShape('abcdefgh')).toBe(false);
    expect(CODE_LENGTH).toBe(7);
  });
});
