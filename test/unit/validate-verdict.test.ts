// Verdict rules: arithmetic first, then the measured check; skipped and failed measurements say so.
import { describe, expect, it } from 'vitest';
import type { Claim } from '../../harness/validate/claim-types.ts';
import type { Recomputation } from '../../harness/validate/formulas/formula-types.ts';
import { decideVerdict, passes } from '../../harness/validate/verdict.ts';

const base: Claim = {
  id: 'c',
  table: 't',
  row: 'r',
  text: 'x',
  stated: { value: 100, unit: 'B/mapping', text: '100 B' },
  formula: 'product',
  inputs: {},
  tolerance: { rel: 0.1 },
};
const re = (value: number, checksStated = true): Recomputation => ({ value, unit: 'B/mapping', text: `${value}`, checksStated });
const mv = (value: number) => ({ value: { value, unit: 'B/mapping', text: `${value}` } });

describe('passes', () => {
  it('within / at-most / at-least honour the larger of the relative and absolute allowance', () => {
    expect(passes('within', 100, 109, { rel: 0.1 })).toBe(true);
    expect(passes('within', 100, 111, { rel: 0.1 })).toBe(false);
    expect(passes('within', 0.8, 0.805, { abs: 0.01 })).toBe(true);
    expect(passes('at-most', 1000, 1099, { rel: 0.1 })).toBe(true);
    expect(passes('at-most', 1000, 1101, { rel: 0.1 })).toBe(false);
    expect(passes('at-least', 0.9, 0.53, { abs: 0.02 })).toBe(false);
    expect(passes('at-least', 0.76, 0.83, { abs: 0.1 })).toBe(true);
  });
});

describe('decideVerdict', () => {
  it('arithmetic that misses the stated number wins over any measurement', () => {
    const claim = { ...base, measure: { key: 'hot-cache-bytes' as const, check: 'at-most' as const } };
    const v = decideVerdict(claim, re(16.7), mv(50));
    expect(v.verdict).toBe('arithmetic does not hold');
    expect(v.reason).toMatch(/recomputed 16.7 B\/mapping vs stated 100 B\/mapping/);
  });

  it('holds when arithmetic and measurement both agree, with both numbers in the reason', () => {
    const claim = { ...base, measure: { key: 'redis-bytes-int-plain' as const, check: 'within' as const, tolerance: { rel: 0.5 } } };
    const v = decideVerdict(claim, re(100), mv(120));
    expect(v).toEqual({ verdict: 'holds', reason: expect.stringMatching(/arithmetic holds.*measured 120 B\/mapping, meets "within 100 B\/mapping/) });
  });

  it('is contradicted by measurement when the arithmetic holds but the machine disagrees', () => {
    const claim = { ...base, measure: { key: 'redis-bytes-int-plain' as const, check: 'within' as const, tolerance: { rel: 0.1 } } };
    expect(decideVerdict(claim, re(100), mv(200)).verdict).toBe('contradicted by measurement');
  });

  it('a recomputation that cannot check the stated number leaves the verdict to the measurement', () => {
    const claim = { ...base, stated: { value: 0.9, unit: 'fraction', text: '' }, measure: { key: 'zipf-top-share' as const, check: 'at-least' as const, tolerance: { abs: 0.02 } } };
    expect(decideVerdict(claim, { ...re(0.53, false), unit: 'fraction' }, { value: { value: 0.53, unit: 'fraction', text: '' } }).verdict).toBe('contradicted by measurement');
    expect(decideVerdict(claim, { ...re(0.53, false), unit: 'fraction' }, { value: null, skipped: 'measure: false' })).toEqual({ verdict: 'not measured yet', reason: 'measure: false' });
  });

  it('arithmetic that holds stays "holds" when the measurement was skipped, and says so', () => {
    const claim = { ...base, measure: { key: 'sqlite-bytes-per-link' as const, check: 'at-most' as const } };
    const v = decideVerdict(claim, re(100), { value: null, skipped: 'measure: false' });
    expect(v.verdict).toBe('holds');
    expect(v.reason).toContain('not measured (measure: false)');
  });

  it('a measurement that failed (e.g. redis-server missing) makes a measure-only claim "not measurable here"', () => {
    const claim = { ...base, formula: 'none' as const, measure: { key: 'redis-get-latency' as const, check: 'at-most' as const } };
    expect(decideVerdict(claim, null, { value: null, failed: 'redis: redis-server not found on PATH' })).toEqual({
      verdict: 'not measurable here',
      reason: 'redis: redis-server not found on PATH',
    });
  });

  it('with neither a formula nor a measurement the claim is not measurable here, with its note', () => {
    const claim = { ...base, formula: 'none' as const, note: 'multi-region is not built' };
    expect(decideVerdict(claim, null, { value: null })).toEqual({ verdict: 'not measurable here', reason: 'multi-region is not built' });
  });
});
