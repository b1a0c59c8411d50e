// Recomputation of the plain-arithmetic claim kinds: rate, product (with solveFor), power, exhaustion years, reduction.
import { describe, expect, it } from 'vitest';
import { UserError } from '../../harness/errors/user-error.ts';
import type { Claim } from '../../harness/validate/claim-types.ts';
import { exhaustionYears, power, product, rate, reduction } from '../../harness/validate/formulas/arithmetic-formulas.ts';
import type { RecomputeContext } from '../../harness/validate/formulas/formula-types.ts';
import { loadTierFile } from '../../loadtests/workload/tier-file.ts';
import { DEFAULT_WORKLOAD } from '../../loadtests/workload/workload-config.ts';

const ctx: RecomputeContext = { workload: DEFAULT_WORKLOAD, tiers: loadTierFile() };

function claim(formula: Claim['formula'], inputs: Record<string, unknown>, stated: number | null = null, unit = 'x'): Claim {
  return { id: 'c', table: 't', row: 'r', text: 'x', stated: { value: stated, unit, text: '' }, formula, inputs };
}

describe('arithmetic formulas', () => {
  it('rate: 100M per month over 30 days of 86,400 s is 38.58 writes/s', () => {
    const r = rate(claim('rate', { count: 100e6, periodDays: 30, secondsPerDay: 86400 }, 40, 'writes/s'), ctx)!;
    expect(r.value).toBeCloseTo(38.580247, 5);
    expect(r.text).toContain('38.6 writes/s');
    expect(r.checksStated).toBe(true);
  });

  it('product: multiplies and divides the named factors (storage: 3e12 B; hot cache: 16.7 MB)', () => {
    const storage = product(claim('product', { multiply: { urls: 100e6, months: 12, years: 5, bytes: 500 } }, 3e12, 'bytes'), ctx)!;
    expect(storage.value).toBe(3e12);
    const cache = product(
      claim('product', { multiply: { urlsPerMonth: 100e6, topFraction: 0.01, bytesPerUrl: 500 }, divide: { daysPerMonth: 30 }, solveFor: 'topFraction' }, 330e6, 'bytes'),
      ctx,
    )!;
    expect(cache.value).toBeCloseTo(16_666_666.67, 1);
    // The stated 330 MB needs ~20 % of the daily URLs, not 1 %.
    expect(cache.solved).toEqual({ input: 'topFraction', value: expect.closeTo(0.198, 6), was: 0.01 });
  });

  it('product: solveFor on a divisor scales the other way', () => {
    const r = product(claim('product', { multiply: { bytes: 21e9 }, divide: { mappings: 300e6 }, solveFor: 'mappings' }, 35, 'B'), ctx)!;
    expect(r.value).toBe(70);
    expect(r.solved?.value).toBe(600e6);
  });

  it('power: 62^7 = 3,521,614,606,208', () => {
    expect(power(claim('power', { base: 62, exponent: 7 }), ctx)!.value).toBe(3_521_614_606_208);
  });

  it('exhaustion-years: 62^7 codes at 40 writes/s last ~2,792 years; 100 years would need ~1,117 writes/s', () => {
    const r = exhaustionYears(claim('exhaustion-years', { base: 62, exponent: 7, writesPerSecond: 40, secondsPerYear: 31_536_000 }, 100, 'years'), ctx)!;
    expect(r.value).toBeCloseTo(3_521_614_606_208 / (40 * 31_536_000), 6);
    expect(Math.round(r.value!)).toBe(2792);
    expect(r.details?.writesPerSecondForStatedYears).toBeCloseTo(1116.7, 1);
  });

  it('reduction: 21 GB → 5 GB is 76.19 %', () => {
    expect(reduction(claim('reduction', { before: 21e9, after: 5e9 }), ctx)!.value).toBeCloseTo(0.761905, 6);
  });

  it('a missing or non-numeric input is a UserError naming the claim and the input', () => {
    expect(() => rate(claim('rate', { count: 1, periodDays: 'thirty', secondsPerDay: 1 }), ctx)).toThrow(UserError);
    expect(() => rate(claim('rate', { count: 1, secondsPerDay: 1 }), ctx)).toThrow(/claim c needs a number "inputs.periodDays"/);
    expect(() => product(claim('product', { multiply: [1, 2] }), ctx)).toThrow(/inputs.multiply" must be a mapping/);
  });
});
