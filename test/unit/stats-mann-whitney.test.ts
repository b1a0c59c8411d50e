// Mann–Whitney U against brute force: the U statistic by pair counting and the exact p-value by enumerating every assignment of the pooled values to the two groups.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mannWhitneyU } from '../../harness/stats/mann-whitney.ts';
import { twoSidedNormalP } from '../../harness/stats/normal.ts';

/** U of x by definition: pairs (x, y) with x > y, ties counting one half. */
function pairU(x: number[], y: number[]): number {
  let u = 0;
  for (const a of x) for (const b of y) u += a > b ? 1 : a === b ? 0.5 : 0;
  return u;
}

function* subsets(N: number, k: number, start = 0, acc: number[] = []): Generator<number[]> {
  if (acc.length === k) {
    yield acc;
    return;
  }
  for (let i = start; i <= N - (k - acc.length); i++) yield* subsets(N, k, i + 1, [...acc, i]);
}

/** Exact two-sided p by enumeration: p = min(1, 2·min(P(U ≤ u), P(U ≥ u))) over all C(N, n) equally likely splits. */
function bruteForceP(x: number[], y: number[]): number {
  const pooled = [...x, ...y];
  const u = pairU(x, y);
  let below = 0;
  let above = 0;
  let total = 0;
  for (const idx of subsets(pooled.length, x.length)) {
    const inX = new Set(idx);
    const gx = idx.map((i) => pooled[i]);
    const gy = pooled.filter((_, i) => !inX.has(i));
    const ui = pairU(gx, gy);
    total++;
    if (ui <= u + 1e-9) below++;
    if (ui >= u - 1e-9) above++;
  }
  return Math.min(1, (2 * Math.min(below, above)) / total);
}

// Small integer ranges force plenty of ties.
const sample = (min: number, max: number) => fc.array(fc.integer({ min: 0, max: 6 }), { minLength: min, maxLength: max });

describe('Mann–Whitney U', () => {
  it('given small samples with ties, when tested, then U equals the pair count and p equals the enumerated exact p', () => {
    fc.assert(
      fc.property(sample(1, 7), sample(1, 7), (x, y) => {
        const r = mannWhitneyU(x, y);
        expect(r.method).toBe('exact');
        expect(r.u).toBeCloseTo(pairU(x, y), 9);
        expect(r.u + r.uY).toBeCloseTo(x.length * y.length, 9);
        expect(r.p).toBeCloseTo(bruteForceP(x, y), 12);
      }),
      { numRuns: 300, seed: 20250101 },
    );
  });

  it('given continuous samples (no ties), when tested, then p matches enumeration too', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 2, maxLength: 6 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 2, maxLength: 6 }),
        (x, y) => {
          expect(mannWhitneyU(x, y).p).toBeCloseTo(bruteForceP(x, y), 12);
        },
      ),
      { numRuns: 100, seed: 7 },
    );
  });

  it('given complete separation of 5 vs 5, then p is the smallest possible, 2 / C(10,5) = 2/252', () => {
    const r = mannWhitneyU([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]);
    expect(r.u).toBe(0);
    expect(r.p).toBeCloseTo(2 / 252, 15);
  });

  it('given identical samples, then p is 1', () => {
    expect(mannWhitneyU([3, 3, 3, 3, 3], [3, 3, 3, 3, 3]).p).toBe(1);
    expect(mannWhitneyU([1, 2, 3, 4, 5], [1, 2, 3, 4, 5]).p).toBe(1);
  });

  it('given swapped samples, then p is the same and U swaps', () => {
    fc.assert(
      fc.property(sample(1, 8), sample(1, 8), (x, y) => {
        const a = mannWhitneyU(x, y);
        const b = mannWhitneyU(y, x);
        expect(a.p).toBeCloseTo(b.p, 12);
        expect(a.u).toBeCloseTo(b.uY, 12);
      }),
      { numRuns: 100, seed: 3 },
    );
  });

  it('given pooled size above the exact limit, then the normal approximation (tie + continuity corrected) is used and agrees with its formula', () => {
    const x = Array.from({ length: 30 }, (_, i) => i % 10);
    const y = Array.from({ length: 30 }, (_, i) => (i % 10) + 2);
    const r = mannWhitneyU(x, y);
    expect(r.method).toBe('normal');
    // Reference computed independently: ties are groups of equal values in the pooled sample.
    const pooled = [...x, ...y];
    const counts = new Map<number, number>();
    for (const v of pooled) counts.set(v, (counts.get(v) ?? 0) + 1);
    const tie = [...counts.values()].reduce((s, t) => s + t ** 3 - t, 0);
    const N = 60;
    const sd = Math.sqrt(((30 * 30) / 12) * (N + 1 - tie / (N * (N - 1))));
    const z = (Math.abs(pairU(x, y) - 450) - 0.5) / sd;
    expect(r.p).toBeCloseTo(twoSidedNormalP(z), 10);
    expect(r.p).toBeLessThan(0.05);
  });

  it('given an empty or non-finite sample, then it refuses with the rule', () => {
    expect(() => mannWhitneyU([], [1])).toThrow(/at least one value/);
    expect(() => mannWhitneyU([NaN], [1])).toThrow(/finite/);
  });
});
