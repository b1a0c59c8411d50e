// From a recording to the StepMeasurement: duration and achieved rate, and an interval log without holes.
import { describe, expect, it } from 'vitest';
import { StepRecorder } from '../../harness/drivers/step-recorder.ts';
import { buildMeasurement } from '../../harness/drivers/open-model/build-measurement.ts';
import { decodeHistogram } from '../../harness/measure/histogram.ts';

const meta = { driver: 'open' as const, model: 'open' as const, intendedRate: 100, notes: [] };

function recorderWith(completions: number[]): StepRecorder {
  const r = new StepRecorder({ openModel: true, startMs: 0, lateThresholdMs: 1 });
  for (const at of completions) {
    r.recordSend(at - 2, at - 2);
    r.recordResponse('redirect', 302, 2, 2, at);
  }
  return r;
}

describe('step measurement', () => {
  it('given 300 completions over a 3 s step that drained until 3.4 s, then achieved is 100/s and there are 4 intervals', () => {
    const r = recorderWith(Array.from({ length: 300 }, (_, i) => i * 10 + 5 + (i === 299 ? 400 : 0)));
    const m = buildMeasurement(r.recording(), { durationS: 3, sendEndMs: 2990, endMs: 3400, aborted: false }, meta);
    expect(m.durationS).toBe(3);
    expect(m.achievedRate).toBeCloseTo(100, 6);
    expect(m.intervals.map((i) => [i.startMs, i.endMs])).toEqual([
      [0, 1000],
      [1000, 2000],
      [2000, 3000],
      [3000, 3400],
    ]);
    expect(m.intervals.reduce((a, i) => a + decodeHistogram(i.histogram).totalCount, 0)).toBe(300);
  });

  it('given a second with no completions (a stall), then its interval is present and empty', () => {
    const r = recorderWith([100, 2100]);
    const m = buildMeasurement(r.recording(), { durationS: 3, sendEndMs: 2990, endMs: 3000, aborted: false }, meta);
    expect(m.intervals).toHaveLength(3);
    expect(decodeHistogram(m.intervals[1].histogram).totalCount).toBe(0);
  });

  it('given an abort after 1.5 s, then the duration is 1.5 s and the measurement says aborted', () => {
    const r = recorderWith([100, 200, 300]);
    const m = buildMeasurement(r.recording(), { durationS: 30, sendEndMs: 1500, endMs: 1500, aborted: true }, meta);
    expect(m.aborted).toBe(true);
    expect(m.durationS).toBe(1.5);
    expect(m.achievedRate).toBeCloseTo(2, 6);
  });
});
