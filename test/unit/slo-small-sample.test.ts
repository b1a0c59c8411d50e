// The SLO verdict on small steps: a scale model drives a tenth of the rate, so a probe may hold 80 responses, whose p99
// is their maximum. One slow response in 80 is what a true p99 under the bound gives; four are not.
import { describe, expect, it } from 'vitest';
import { binomialTail, sloVerdict } from '../../harness/results/step-arithmetic.ts';
import { countAtOrAbove, newLatencyHistogram } from '../../harness/measure/histogram.ts';

const slo = { p99Ms: 100, errorRate: 0.001 };

describe('SLO verdict with few samples', () => {
  it('computes the binomial tail exactly (checked against brute-force sums)', () => {
    const brute = (n: number, k: number, p: number) => {
      let s = 0;
      for (let i = k; i <= n; i++) {
        let c = 1;
        for (let j = 0; j < i; j++) c = (c * (n - j)) / (j + 1);
        s += c * p ** i * (1 - p) ** (n - i);
      }
      return s;
    };
    for (const [n, k, p] of [[77, 1, 0.01], [77, 3, 0.01], [77, 4, 0.01], [500, 9, 0.01], [40, 0, 0.2]] as const) {
      expect(binomialTail(n, k, p)).toBeCloseTo(brute(n, k, p), 10);
    }
  });

  it('passes one slow response in 77 (within chance) and fails four (beyond it), saying why', () => {
    const one = sloVerdict(slo, 239_000, 0, 77, { slowOverBound: 1, failed: 0, attempted: 77 });
    expect(one.pass).toBe(true);
    expect(one.smallSample).toMatch(/passes on 77 responses: 1 at or over 100 ms/);
    const four = sloVerdict(slo, 239_000, 0, 77, { slowOverBound: 4, failed: 0, attempted: 77 });
    expect(four.pass).toBe(false);
    expect(four.reasons[0]).toMatch(/p99 239\.0 ms ≥ 100 ms/);
  });

  it('keeps the plain rule on large steps and when no counts are given', () => {
    expect(sloVerdict(slo, 150_000, 0, 10_000, { slowOverBound: 200, failed: 0, attempted: 10_000 }).pass).toBe(false);
    expect(sloVerdict(slo, 150_000, 0, 77).pass).toBe(false);
    expect(sloVerdict(slo, 10_000, 0.05, 1000, { slowOverBound: 0, failed: 50, attempted: 1000 }).pass).toBe(false);
    expect(sloVerdict(slo, 10_000, 1 / 77, 76, { slowOverBound: 0, failed: 1, attempted: 77 }).pass).toBe(true);
  });

  it('counts the recorded values at or above a bound', () => {
    const h = newLatencyHistogram();
    for (let i = 0; i < 76; i++) h.recordValue(5_000);
    h.recordValue(239_000);
    expect(countAtOrAbove(h, 100_000)).toBe(1);
    expect(countAtOrAbove(h, 300_000)).toBe(0);
    expect(countAtOrAbove(h, 1_000)).toBe(77);
  });
});
