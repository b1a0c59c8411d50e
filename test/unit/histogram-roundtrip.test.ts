// Histograms survive the compressed base64 round trip and merge losslessly (the results' core promise).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeHistogram, encodeHistogram, mergeHistograms, newLatencyHistogram, recordUs, summarize } from '../../harness/measure/histogram.ts';

describe('latency histograms', () => {
  it('given any set of values, encode → decode keeps count, min, max and every percentile', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 50_000_000 }), { minLength: 1, maxLength: 300 }), (values) => {
        const h = newLatencyHistogram();
        for (const v of values) recordUs(h, v);
        const back = decodeHistogram(encodeHistogram(h));
        const a = summarize(h);
        const b = summarize(back);
        return a.count === b.count && a.max === b.max && a.p50 === b.p50 && a.p99 === b.p99 && a.p999 === b.p999;
      }),
      { numRuns: 100 },
    );
  });

  it('merging two histograms equals recording both streams into one', () => {
    const a = newLatencyHistogram();
    const b = newLatencyHistogram();
    const both = newLatencyHistogram();
    for (let i = 1; i <= 5000; i++) {
      recordUs(a, i * 3);
      recordUs(both, i * 3);
      recordUs(b, 100_000 + i * 7);
      recordUs(both, 100_000 + i * 7);
    }
    const merged = mergeHistograms([decodeHistogram(encodeHistogram(a)), decodeHistogram(encodeHistogram(b))]);
    expect(summarize(merged)).toEqual(summarize(both));
  });

  it('clamps values above the trackable range instead of throwing', () => {
    const h = newLatencyHistogram();
    recordUs(h, 1e12);
    recordUs(h, -5);
    expect(h.totalCount).toBe(2);
    expect(summarize(h).max).toBeGreaterThan(299_000_000);
  });

  it('encodes in the standard HdrHistogram compressed form (HISTF prefix)', () => {
    const h = newLatencyHistogram();
    recordUs(h, 1234);
    expect(encodeHistogram(h)).toMatch(/^HISTF/);
  });
});
