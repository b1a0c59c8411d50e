// The Zipf sampler against its analytic distribution, and the request mix against its configured shares.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mulberry32 } from '../../loadtests/workload/prng.ts';
import { ZipfSampler, generalizedHarmonic, zipfPmf, zipfTopShare } from '../../loadtests/workload/zipf.ts';
import { RequestMix } from '../../loadtests/workload/request-mix.ts';
import { normalizeWorkload } from '../../loadtests/workload/workload-config.ts';

describe('ZipfSampler', () => {
  it('given n=50, s=1.1, when sampling 200k times, then every rank frequency is within 4 sigma of its pmf', () => {
    const n = 50;
    const s = 1.1;
    const z = new ZipfSampler(n, s);
    const rnd = mulberry32(42);
    const draws = 200_000;
    const counts = new Array(n + 1).fill(0);
    for (let i = 0; i < draws; i++) counts[z.sample(rnd)]++;
    expect(counts[0]).toBe(0);
    for (let k = 1; k <= n; k++) {
      const p = zipfPmf(n, s, k);
      const sigma = Math.sqrt(draws * p * (1 - p));
      expect(Math.abs(counts[k] - draws * p)).toBeLessThan(4 * sigma + 1);
    }
  });

  it('given a chi-square test over 20 ranks with s=0.8, then the statistic is below the 0.999 quantile', () => {
    const n = 20;
    const z = new ZipfSampler(n, 0.8);
    const rnd = mulberry32(7);
    const draws = 100_000;
    const counts = new Array(n + 1).fill(0);
    for (let i = 0; i < draws; i++) counts[z.sample(rnd)]++;
    let chi = 0;
    for (let k = 1; k <= n; k++) {
      const e = draws * zipfPmf(n, 0.8, k);
      chi += (counts[k] - e) ** 2 / e;
    }
    // chi-square with 19 degrees of freedom: 0.999 quantile is 43.8
    expect(chi).toBeLessThan(43.8);
  });

  it('always returns a rank within 1..n for any n and skew', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.double({ min: 0, max: 4, noNaN: true }), fc.integer(), (n, s, seed) => {
        const z = new ZipfSampler(n, s);
        const rnd = mulberry32(seed);
        for (let i = 0; i < 50; i++) {
          const k = z.sample(rnd);
          if (!(Number.isInteger(k) && k >= 1 && k <= n)) return false;
        }
        return true;
      }),
      { numRuns: 200 },
    );
  });

  it('rejects a bad n or skew with the rule in the message', () => {
    expect(() => new ZipfSampler(0, 1)).toThrow(/n must be an integer >= 1/);
    expect(() => new ZipfSampler(10, -1)).toThrow(/skew must be a finite number >= 0/);
  });

  it('top-share equals the ratio of generalized harmonic numbers', () => {
    expect(zipfTopShare(100, 1, 100)).toBeCloseTo(1, 12);
    expect(zipfTopShare(1000, 1, 10)).toBeCloseTo(generalizedHarmonic(10, 1) / generalizedHarmonic(1000, 1), 12);
  });
});

describe('RequestMix', () => {
  const codes = Array.from({ length: 1000 }, (_, i) => `c${String(i).padStart(6, '0')}`);

  it('given 100:1 reads to writes and 1 % unknown, then the shares match within sampling error', () => {
    const mix = new RequestMix(normalizeWorkload({ readWriteRatio: 100, unknownShare: 0.01, metadataShare: 0.1 }), codes);
    const n = 200_000;
    const by: Record<string, number> = { redirect: 0, create: 0, metadata: 0, unknown: 0 };
    for (let i = 0; i < n; i++) by[mix.next().endpoint]++;
    const writeP = 1 / 101;
    expect(by.create / n).toBeCloseTo(writeP, 2);
    expect(by.unknown / n).toBeCloseTo((1 - writeP) * 0.01, 2);
    expect(by.metadata / n).toBeCloseTo((1 - writeP) * 0.1, 2);
  });

  it('is deterministic per seed and stream, and different across streams', () => {
    const w = normalizeWorkload({ seed: 9 });
    const a = new RequestMix(w, codes, 0);
    const b = new RequestMix(w, codes, 0);
    const c = new RequestMix(w, codes, 1);
    const sa = Array.from({ length: 50 }, () => a.next().path);
    const sb = Array.from({ length: 50 }, () => b.next().path);
    const sc = Array.from({ length: 50 }, () => c.next().path);
    expect(sa).toEqual(sb);
    expect(sa).not.toEqual(sc);
  });

  it('tags regions by their weights', () => {
    const mix = new RequestMix(normalizeWorkload({ regions: { eu: 3, us: 1 } }), codes);
    let eu = 0;
    const n = 40_000;
    for (let i = 0; i < n; i++) if (mix.next().region === 'eu') eu++;
    expect(eu / n).toBeCloseTo(0.75, 1);
  });

  it('never asks for an unknown code that is one of the seeded codes', () => {
    const mix = new RequestMix(normalizeWorkload({ unknownShare: 1 }), codes);
    const set = new Set(codes);
    for (let i = 0; i < 5000; i++) {
      const r = mix.next();
      if (r.endpoint === 'unknown') expect(set.has(r.path.slice(1))).toBe(false);
    }
  });
});
