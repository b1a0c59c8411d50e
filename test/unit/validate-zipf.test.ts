// Zipf shares at any size (Euler–Maclaurin tail vs exact sums), the skew a share needs, and the share measured from the request mix.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { harmonic, skewForShare, topShare } from '../../harness/validate/formulas/zipf-share.ts';
import { measureZipfShare } from '../../harness/validate/measure/measure-zipf-share.ts';
import { generalizedHarmonic, zipfTopShare } from '../../loadtests/workload/zipf.ts';
import { DEFAULT_WORKLOAD, normalizeWorkload } from '../../loadtests/workload/workload-config.ts';

describe('harmonic numbers', () => {
  it('equal the exact sum below 10K terms', () => {
    expect(harmonic(5000, 1.1)).toBe(generalizedHarmonic(5000, 1.1));
  });

  it('stay within 1e-9 of the exact sum beyond it (Euler–Maclaurin tail)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 10_001, max: 300_000 }), fc.double({ min: 0, max: 3, noNaN: true }), (n, s) => {
        const exact = generalizedHarmonic(n, s);
        return Math.abs(harmonic(n, s) - exact) / exact < 1e-9;
      }),
      { numRuns: 25 },
    );
  });
});

describe('top share and the skew it needs', () => {
  it('agrees with the workload module\'s zipfTopShare', () => {
    expect(topShare(10_000, 1, 100)).toBeCloseTo(zipfTopShare(10_000, 1, 100), 12);
  });

  it('under the default workload (s = 1, 10K links) the top 1 % get 53 %, not 90 %', () => {
    expect(topShare(10_000, 1, 100)).toBeCloseTo(0.53, 2);
  });

  it('skewForShare inverts topShare', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.2, max: 2.5, noNaN: true }), (s) => {
        const share = topShare(10_000, s, 100);
        const back = skewForShare(10_000, 0.01, share);
        return back !== null && Math.abs(back - s) < 1e-6;
      }),
      { numRuns: 30 },
    );
  });

  it('90 % in the top 1 % needs s ≈ 1.42 over 10K links and s ≈ 1.16 over 3.33M daily URLs', () => {
    expect(skewForShare(10_000, 0.01, 0.9)).toBeCloseTo(1.42, 2);
    expect(skewForShare(3_333_333, 0.01, 0.9)).toBeCloseTo(1.16, 2);
  });

  it('says null when no skew reaches the share', () => {
    expect(skewForShare(100, 1, 0.5)).toBeNull();
  });
});

describe('share measured from the request mix', () => {
  it('matches the analytic share within 1 point for two skews', () => {
    for (const zipfSkew of [0.8, 1.2]) {
      const w = normalizeWorkload({ ...DEFAULT_WORKLOAD, zipfSkew });
      const m = measureZipfShare(w, [0.01, 0.2], 100_000);
      expect(Math.abs(m.shares['0.01'] - topShare(10_000, zipfSkew, 100))).toBeLessThan(0.01);
      expect(Math.abs(m.shares['0.2'] - topShare(10_000, zipfSkew, 2000))).toBeLessThan(0.01);
      expect(m.reads).toBeGreaterThan(95_000);
    }
  });
});
