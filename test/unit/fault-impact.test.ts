// From a per-second timeline to what a fault did to clients: errors, impact duration, first clean second, recovery;
// checked on hand-made timelines and against a brute-force reading of random ones.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { impactOf, RECOVERED_SHARE } from '../../harness/faults/timeline-impact.ts';
import { StepRecorder } from '../../harness/drivers/step-recorder.ts';
import { timelineOf } from '../../harness/drivers/open-model/build-measurement.ts';
import type { TimelinePoint } from '../../harness/results/result-types.ts';

const tl = (rows: [completed: number, errors: number][]): TimelinePoint[] =>
  rows.map(([completed, errors], k) => ({ second: k, completed, errors, p99Us: 1000 }));

describe('fault impact from the timeline', () => {
  it('given a kill at 2.5 s with errors in seconds 2 and 3 and a dip until 4, then impact, first clean second and recovery follow', () => {
    const t = tl([
      [100, 0],
      [100, 0],
      [80, 7],
      [60, 3],
      [70, 0],
      [100, 0],
      [100, 0],
      [100, 0],
    ]);
    const i = impactOf({ timeline: t, atMs: 2500, endMs: 4200, durationS: 8 });
    expect(i.clientErrors).toBe(10);
    expect(i.errorsBefore).toBe(0);
    expect(i.impactMs).toBe(1500); // end of second 3 (4000 ms) - 2500
    expect(i.firstCleanMs).toBe(1500); // second 4 has no errors (though fewer successes)
    expect(i.recoveredMs).toBe(2500); // second 5 is the first back at the baseline, and it stays there
    expect(i.baselinePerS).toBe(100);
    expect(i.errorRateDuring).toBeCloseTo(10 / (10 + 80 + 60 + 70), 9); // seconds 2-4 overlap [2500, 4200]
  });

  it('given a fault clients never noticed, then no errors, no impact, and recovery within the first whole second', () => {
    const i = impactOf({ timeline: tl([[50, 0], [50, 0], [50, 0], [50, 0]]), atMs: 1200, endMs: 2000, durationS: 4 });
    expect(i).toMatchObject({ clientErrors: 0, impactMs: 0, firstCleanMs: 800, recoveredMs: 800, errorRateDuring: 0 });
  });

  it('given errors until the end of the step, then it never recovered and the drain second is not counted as load', () => {
    const t = tl([
      [100, 0],
      [10, 90],
      [10, 90],
      [5, 0], // drain after a 3 s step
    ]);
    const i = impactOf({ timeline: t, atMs: 1000, durationS: 3 });
    expect(i.recoveredMs).toBeUndefined();
    expect(i.clientErrors).toBe(180);
    expect(i.impactMs).toBe(2000);
  });

  it('matches a brute-force reading of random timelines', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 3 })), { minLength: 2, maxLength: 12 }),
        fc.integer({ min: 0, max: 11_000 }),
        (rows, at) => {
          const t = tl(rows);
          const durationS = rows.length;
          const atMs = Math.min(at, durationS * 1000 - 1);
          const i = impactOf({ timeline: t, atMs, durationS });
          const kf = Math.floor(atMs / 1000);
          expect(i.clientErrors).toBe(rows.slice(kf).reduce((a, [, e]) => a + e, 0));
          expect(i.errorsBefore).toBe(rows.slice(0, kf).reduce((a, [, e]) => a + e, 0));
          const lastErr = rows.map(([, e], k) => (e > 0 && k >= kf ? k : -1)).reduce((a, b) => Math.max(a, b), -1);
          expect(i.impactMs).toBe(lastErr < 0 ? 0 : (lastErr + 1) * 1000 - atMs);
          // Recovery: the earliest k > kf from which every second is healthy.
          const healthy = ([c, e]: [number, number]) => e === 0 && c > 0 && c >= RECOVERED_SHARE * i.baselinePerS;
          let from: number | undefined;
          for (let k = rows.length - 1; k > kf && healthy(rows[k]); k--) from = k;
          expect(i.recoveredMs).toBe(from === undefined ? undefined : from * 1000 - atMs);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('timeline recorded by the driver', () => {
  it('given successes, unexpected statuses, transport errors and drops, then each second counts them apart', () => {
    const r = new StepRecorder({ openModel: true, startMs: 0, lateThresholdMs: 1 });
    for (let i = 0; i < 10; i++) r.recordResponse('redirect', 302, 2, 2, 100 + i);
    r.recordResponse('redirect', 502, 2, 2, 1100);
    r.recordResponse('redirect', 302, 40, 40, 1200);
    r.recordError('connect', 3, 1500);
    r.recordDropped(2, 2500);
    const t = timelineOf(r.recording(), 3000, 1000);
    expect(t.map((p) => [p.second, p.completed, p.errors])).toEqual([
      [0, 10, 0],
      [1, 1, 4],
      [2, 0, 2],
    ]);
    expect(t[1].p99Us).toBeGreaterThanOrEqual(39_000);
    expect(t[2].p99Us).toBe(0);
  });
});
