// The open-model arrival schedule: evenly spaced, the right count, and threads split it without gaps or overlaps.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ArrivalSchedule } from '../../harness/drivers/open-model/schedule.ts';

describe('arrival schedule', () => {
  it('given 500 req/s for 3 s, then 1500 requests are due every 2 ms from 0 to 2998 ms', () => {
    const s = new ArrivalSchedule(500, 3);
    expect(s.count).toBe(1500);
    expect(s.offsetMs(0)).toBe(0);
    expect(s.offsetMs(1)).toBeCloseTo(2, 9);
    expect(s.offsetMs(1499)).toBeCloseTo(2998, 6);
  });

  it('given a rate that does not divide the duration, then every due time lies inside the step', () => {
    const s = new ArrivalSchedule(0.5, 3);
    expect(s.count).toBe(2);
    expect(s.offsetMs(1)).toBe(2000);
  });

  it('given any rate, duration and thread count, the threads together own exactly the one-thread schedule', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.5, max: 5000, noNaN: true }),
        fc.double({ min: 0.1, max: 5, noNaN: true }),
        fc.integer({ min: 1, max: 8 }),
        (rate, durationS, threads) => {
          const one = new ArrivalSchedule(rate, durationS);
          const all: number[] = [];
          for (let k = 0; k < threads; k++) {
            const s = new ArrivalSchedule(rate, durationS, threads, k);
            for (let i = 0; i < s.count; i++) all.push(s.offsetMs(i));
            // each thread's own times are increasing
            for (let i = 1; i < s.count; i++) if (!(s.offsetMs(i) > s.offsetMs(i - 1))) return false;
          }
          all.sort((a, b) => a - b);
          if (all.length !== one.count) return false;
          for (let i = 0; i < all.length; i++) if (Math.abs(all[i] - one.offsetMs(i)) > 1e-6) return false;
          return all.every((t) => t < durationS * 1000 + 1e-6);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('rejects impossible inputs with the rule in the message', () => {
    expect(() => new ArrivalSchedule(0, 1)).toThrow(/rate must be a finite number > 0/);
    expect(() => new ArrivalSchedule(10, -1)).toThrow(/durationS must be > 0/);
    expect(() => new ArrivalSchedule(10, 1, 2, 2)).toThrow(/index must be in 0\.\.1/);
  });
});
