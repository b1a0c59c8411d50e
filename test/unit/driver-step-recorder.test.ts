// The per-thread recorder: statuses checked against EXPECTED_STATUS, late sends, drops as errors, one histogram per second.
import { describe, expect, it } from 'vitest';
import { StepRecorder } from '../../harness/drivers/step-recorder.ts';

const newRecorder = () => new StepRecorder({ openModel: true, startMs: 1000, lateThresholdMs: 1 });

describe('step recorder', () => {
  it('given responses with expected and unexpected statuses, then only the unexpected ones are errors', () => {
    const r = newRecorder();
    r.recordResponse('redirect', 302, 5, 4, 1010);
    r.recordResponse('redirect', 500, 5, 4, 1010);
    r.recordResponse('create', 201, 7, 6, 1010);
    r.recordResponse('unknown', 404, 3, 3, 1010);
    r.recordResponse('unknown', 302, 3, 3, 1010);
    const rec = r.recording();
    expect(rec.statusCounts).toEqual({ '201': 1, '302': 2, '404': 1, '500': 1 });
    expect(rec.errors).toEqual({ 'unexpected-status': 2 });
    expect(rec.completed).toBe(5);
    expect(rec.byEndpoint.redirect.totalCount).toBe(2);
    expect(rec.byEndpoint.unknown.totalCount).toBe(2);
  });

  it('records corrected and uncorrected latency in integer microseconds', () => {
    const r = newRecorder();
    r.recordResponse('redirect', 302, 12.3456, 1.2345, 1010);
    const rec = r.recording();
    expect(rec.latency.maxValue).toBeGreaterThanOrEqual(12_340);
    expect(rec.latency.maxValue).toBeLessThanOrEqual(12_360);
    expect(rec.uncorrected!.maxValue).toBeGreaterThanOrEqual(1_234);
    expect(rec.uncorrected!.maxValue).toBeLessThanOrEqual(1_236);
  });

  it('given sends 0.5 ms and 3 ms behind schedule, then only the second is late and both lags are recorded', () => {
    const r = newRecorder();
    r.recordSend(1000, 1000.5);
    r.recordSend(1002, 1005);
    const rec = r.recording();
    expect(rec.sent).toBe(2);
    expect(rec.lateSends).toBe(1);
    expect(rec.schedulingLag!.totalCount).toBe(2);
    expect(rec.schedulingLag!.maxValue).toBeGreaterThanOrEqual(2_990);
  });

  it('counts dropped requests as errors of kind dropped', () => {
    const r = newRecorder();
    r.recordDropped(3);
    r.recordError('timeout');
    expect(r.recording().dropped).toBe(3);
    expect(r.recording().errors).toEqual({ dropped: 3, timeout: 1 });
    expect(r.errorCount).toBe(4);
  });

  it('puts each response in the interval of its completion second, leaving quiet seconds empty', () => {
    const r = newRecorder();
    r.recordResponse('redirect', 302, 1, 1, 1000 + 10);
    r.recordResponse('redirect', 302, 1, 1, 1000 + 2500);
    const rec = r.recording();
    expect(rec.intervals.length).toBe(3);
    expect(rec.intervals[0]!.totalCount).toBe(1);
    expect(rec.intervals[1]).toBeNull();
    expect(rec.intervals[2]!.totalCount).toBe(1);
  });

  it('given a closed-model recorder, then it keeps no uncorrected or lag histograms', () => {
    const r = new StepRecorder({ openModel: false, startMs: 0, lateThresholdMs: Infinity });
    r.recordResponse('redirect', 302, 1, 1, 5);
    expect(r.recording().uncorrected).toBeNull();
    expect(r.recording().schedulingLag).toBeNull();
  });
  it('given the request scheduled exactly at the first recorded instant, then its response counts even where atMs - correctedMs rounds below it', () => {
    // These two clock values make (t) - (t - s) come out a hair below s in doubles: recomputing the schedule from the
    // latency would discard this response, so the step's first request was sent but never completed (the drain test).
    const s = 406.11707925930494;
    const t = 3408.0401722859165;
    expect(t - (t - s)).toBeLessThan(s);
    const r = new StepRecorder({ openModel: true, startMs: s, recordFromMs: s, lateThresholdMs: 1 });
    r.recordSend(s, s);
    r.recordResponse('redirect', 302, t - s, t - s, t, undefined, s);
    const rec = r.recording();
    expect(rec.sent).toBe(1);
    expect(rec.completed).toBe(1);
  });
});
