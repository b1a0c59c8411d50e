// Distribution-free CI of the median: the achieved level is the binomial formula, and simulated coverage matches it.
import { describe, expect, it } from 'vitest';
import { binomialHalfCdf } from '../../harness/stats/binomial.ts';
import { median, medianCi, orderStatisticCoverage } from '../../harness/stats/median-ci.ts';
import { mulberry32 } from '../../loadtests/workload/prng.ts';

function choose(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return c;
}

describe('median CI from order statistics', () => {
  it('given n, the binomial(n, ½) CDF equals the sum of C(n, i) / 2^n', () => {
    for (const n of [1, 5, 10, 17, 40]) {
      for (let k = 0; k <= n; k++) {
        let ref = 0;
        for (let i = 0; i <= k; i++) ref += choose(n, i) / 2 ** n;
        expect(binomialHalfCdf(k, n)).toBeCloseTo(ref, 12);
      }
    }
  });

  it('given 5 values, then 95 % is out of reach: min..max with 93.75 % and a flag', () => {
    const ci = medianCi([5, 1, 4, 2, 3]);
    expect(ci).toMatchObject({ median: 3, lo: 1, hi: 5, belowRequested: true });
    expect(ci.level).toBeCloseTo(1 - 2 / 32, 12);
  });

  it('given 10 values, then the interval is [x(2), x(9)] at 97.9 % (x(3)..x(8) would be 89 %)', () => {
    const ci = medianCi([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(ci).toMatchObject({ median: 5.5, lo: 2, hi: 9, belowRequested: false });
    expect(ci.level).toBeCloseTo(orderStatisticCoverage(10, 2), 12);
    expect(orderStatisticCoverage(10, 3)).toBeLessThan(0.95);
  });

  it('given many simulated samples from a skewed distribution, then the share of CIs holding the true median matches the stated level (±2 %)', () => {
    const rng = mulberry32(42);
    const trueMedian = Math.log(2); // exponential(1)
    for (const n of [6, 10, 20]) {
      const trials = 4000;
      let hit = 0;
      let level = 0;
      for (let t = 0; t < trials; t++) {
        const xs = Array.from({ length: n }, () => -Math.log(1 - rng()));
        const ci = medianCi(xs);
        level = ci.level;
        if (ci.lo <= trueMedian && trueMedian <= ci.hi) hit++;
      }
      expect(level).toBeGreaterThanOrEqual(0.95);
      expect(Math.abs(hit / trials - level)).toBeLessThan(0.02);
    }
  });

  it('given even and odd counts, then the median is the middle value or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow(/at least one/);
  });
});
