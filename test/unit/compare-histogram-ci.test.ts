// Percentile CIs read from an HDR histogram: the ranks n·q ± 1.96·sqrt(n·q(1−q)) of known values.
import { describe, expect, it } from 'vitest';
import { percentileCi } from '../../harness/compare/histogram-percentile-ci.ts';
import { newLatencyHistogram, recordUs } from '../../harness/measure/histogram.ts';

describe('percentile CI of a histogram', () => {
  it('given the values 1..10000 µs, then p99 is 9900 with ranks 9880..9920 as its 95 % range (at HDR precision)', () => {
    const h = newLatencyHistogram();
    for (let v = 1; v <= 10_000; v++) recordUs(h, v);
    const ci = percentileCi(h, 99);
    // half-width = 1.96 · sqrt(10000 · 0.99 · 0.01) = 19.5 ranks
    const near = (a: number, b: number) => expect(Math.abs(a - b) / b).toBeLessThan(0.002);
    near(ci.value, 9900);
    near(ci.lo, 9880);
    near(ci.hi, 9920);
    expect(ci.lo).toBeLessThanOrEqual(ci.value);
    expect(ci.hi).toBeGreaterThanOrEqual(ci.value);
    expect(ci.count).toBe(10_000);
  });

  it('given an empty histogram, then zeros', () => {
    expect(percentileCi(newLatencyHistogram(), 50)).toEqual({ value: 0, lo: 0, hi: 0, count: 0 });
  });
});
