// The fix-age lag bound on an injected clock: which ids are younger than the bound, and how the bound follows the lag.
import { describe, expect, it } from 'vitest';
import { AgeWatermark } from '../../targets/app/pg-age-watermark.ts';

function clocked(o: ConstructorParameters<typeof AgeWatermark>[0] = {}) {
  let t = 0;
  const w = new AgeWatermark({ marginMs: 100, sampleMs: 100, windowMs: 10_000, ...o, now: () => t });
  return { w, at: (ms: number) => (t = ms) };
}

describe('AgeWatermark', () => {
  it('given no sample older than the bound yet, then every id is young', () => {
    const { w, at } = clocked({ floorMs: 1000 });
    at(0);
    w.record(500, 0);
    at(1000);
    expect(w.boundMs()).toBe(1100);
    expect(w.isYoung(1)).toBe(true);
  });

  it('given samples every 100 ms, then an id is old only once the sequence had passed it a whole bound ago', () => {
    const { w, at } = clocked({ floorMs: 1000 });
    // The sequence stands at 500 + t/100 (ids handed out over time).
    for (let t = 0; t <= 3000; t += 100) {
      at(t);
      w.record(500 + t / 100, 0);
    }
    at(3000);
    // Cutoff 3000 − 1100 = 1900: the sample there saw last id 519.
    expect(w.isYoung(519)).toBe(false);
    expect(w.isYoung(520)).toBe(true);
    expect(w.isYoung(1)).toBe(false);
  });

  it('given a measured replay lag above the floor, then the bound follows it for the window, then falls back to the floor', () => {
    const { w, at } = clocked({ floorMs: 200 });
    at(0);
    w.record(10, 2500);
    expect(w.boundMs()).toBe(2600);
    at(5000);
    w.record(10, 0);
    expect(w.boundMs()).toBe(2600);
    at(10_001);
    w.record(10, 0);
    expect(w.boundMs()).toBe(300);
  });
});
