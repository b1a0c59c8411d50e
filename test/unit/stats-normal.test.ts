// Normal CDF/quantile and the two-proportion test against textbook values.
import { describe, expect, it } from 'vitest';
import { normalCdf, normalQuantile, twoSidedNormalP } from '../../harness/stats/normal.ts';
import { twoProportionTest } from '../../harness/stats/two-proportions.ts';

describe('normal distribution helpers', () => {
  it('given textbook z values, then the CDF matches to 1e-6', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959963985)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-2.326347874)).toBeCloseTo(0.01, 6);
    expect(twoSidedNormalP(1.959963985)).toBeCloseTo(0.05, 6);
  });

  it('given probabilities, then the quantile inverts the CDF', () => {
    for (const p of [1e-6, 0.01, 0.2, 0.5, 0.9, 0.975, 0.999999]) expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 8);
    expect(() => normalQuantile(1)).toThrow(/between 0 and 1/);
  });

  it('given equal error rates, then the two-proportion test finds nothing; given 0.1 % vs 0.5 % of 100k, then it does', () => {
    expect(twoProportionTest(10, 10_000, 10, 10_000).p).toBeCloseTo(1, 12);
    expect(twoProportionTest(0, 1000, 0, 1000).p).toBe(1);
    expect(twoProportionTest(100, 100_000, 500, 100_000).p).toBeLessThan(1e-6);
  });
});
