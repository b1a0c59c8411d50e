// Recordings of several threads travel as base64 and merge losslessly: counts add up, percentiles match one big recording.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { StepRecorder } from '../../harness/drivers/step-recorder.ts';
import { decodeRecording, encodeRecording, mergeRecordings } from '../../harness/drivers/open-model/recording-codec.ts';
import { summarize } from '../../harness/measure/histogram.ts';

/** Percentiles and count; min is left out (a decoded histogram reports its bucket's lowest equivalent value). */
const pct = (h: Parameters<typeof summarize>[0]) => {
  const { min: _min, mean: _mean, ...rest } = summarize(h);
  return rest;
};

const ENDPOINTS = ['redirect', 'create', 'unknown'] as const;
const STATUS = { redirect: 302, create: 201, unknown: 404 } as const;

describe('recording merge', () => {
  it('given responses split over any number of threads, merging the decoded recordings equals recording them all in one', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 7 }), fc.constantFrom(...ENDPOINTS), fc.double({ min: 0.05, max: 900, noNaN: true }), fc.integer({ min: 0, max: 4999 })), {
          minLength: 1,
          maxLength: 200,
        }),
        fc.integer({ min: 1, max: 8 }),
        (events, threads) => {
          const one = new StepRecorder({ openModel: true, startMs: 0, lateThresholdMs: 1 });
          const per = Array.from({ length: threads }, () => new StepRecorder({ openModel: true, startMs: 0, lateThresholdMs: 1 }));
          for (const [t, ep, ms, at] of events) {
            for (const r of [one, per[t % threads]]) {
              r.recordSend(at, at + ms / 100);
              r.recordResponse(ep, STATUS[ep], ms, ms / 2, at);
            }
          }
          const merged = mergeRecordings(per.map((r) => decodeRecording(encodeRecording(r.recording()))));
          const whole = one.recording();
          const sumCounts = per.reduce((a, r) => a + r.recording().latency.totalCount, 0);
          expect(merged.latency.totalCount).toBe(sumCounts);
          expect(pct(merged.latency)).toEqual(pct(whole.latency));
          expect(pct(merged.uncorrected!)).toEqual(pct(whole.uncorrected!));
          expect(pct(merged.schedulingLag!)).toEqual(pct(whole.schedulingLag!));
          expect(merged.statusCounts).toEqual(whole.statusCounts);
          expect(merged.sent).toBe(whole.sent);
          expect(merged.lateSends).toBe(whole.lateSends);
          for (const ep of Object.keys(whole.byEndpoint)) expect(merged.byEndpoint[ep].totalCount).toBe(whole.byEndpoint[ep].totalCount);
          expect(merged.intervals.length).toBe(whole.intervals.length);
          whole.intervals.forEach((h, k) => expect(merged.intervals[k]?.totalCount ?? 0).toBe(h?.totalCount ?? 0));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('given recordings with errors and drops, then merged counts are the sums', () => {
    const a = new StepRecorder({ openModel: true, startMs: 0, lateThresholdMs: 1 });
    const b = new StepRecorder({ openModel: true, startMs: 0, lateThresholdMs: 1 });
    a.recordError('connect', 2);
    b.recordError('connect');
    b.recordDropped(4);
    const m = mergeRecordings([a.recording(), b.recording()]);
    expect(m.errors).toEqual({ connect: 3, dropped: 4 });
    expect(m.dropped).toBe(4);
  });
});
