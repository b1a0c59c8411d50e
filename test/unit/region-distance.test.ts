// Client regions at every stage: the generator adds a region's emulated distance to the origin to its responses,
// and keeps a latency histogram per region, so "far users pay the origin RTT without a CDN" is a measured row.
import { describe, expect, it } from 'vitest';
import { RequestMix } from '../../loadtests/workload/request-mix.ts';
import { normalizeWorkload } from '../../loadtests/workload/workload-config.ts';
import { StepRecorder } from '../../harness/drivers/step-recorder.ts';
import { normalizeBenchOptions } from '../../harness/bench/bench-options.ts';
import { originRttByRegion } from '../../harness/stages/cdn-front.ts';

describe('client regions and emulated distance', () => {
  it('tags each request with its region and that region’s RTT to the origin', () => {
    const w = normalizeWorkload({ regions: { eu: 1, ap: 1 }, regionRttMs: { ap: 47 } });
    const mix = new RequestMix(w, ['aaaaaaa', 'bbbbbbb'], 1);
    const seen = Array.from({ length: 400 }, () => mix.next());
    expect(seen.filter((r) => r.region === 'ap').every((r) => r.rttMs === 47)).toBe(true);
    expect(seen.filter((r) => r.region === 'eu').every((r) => r.rttMs === undefined)).toBe(true);
    expect(seen.some((r) => r.region === 'ap') && seen.some((r) => r.region === 'eu')).toBe(true);
    expect(() => normalizeWorkload({ regionRttMs: { ap: -1 } })).toThrow(/region RTT for ap must be between 0 and 10000 ms/);
  });

  it('records successful responses per region', () => {
    const rec = new StepRecorder({ openModel: true, startMs: 0, lateThresholdMs: 1 });
    rec.recordResponse('redirect', 302, 50, 50, 60, 'ap');
    rec.recordResponse('redirect', 302, 5, 5, 60, 'eu');
    rec.recordResponse('redirect', 500, 5, 5, 60, 'eu');
    const r = rec.recording();
    expect(r.byRegion!.ap.totalCount).toBe(1);
    expect(r.byRegion!.eu.totalCount).toBe(1);
    expect(r.byRegion!.ap.getValueAtPercentile(50)).toBeGreaterThanOrEqual(49_900);
  });

  it('gives every stage a region mix, and the origin distance only to stages without a CDN', () => {
    const s1 = normalizeBenchOptions({ stage: 1 });
    expect(Object.keys(s1.workload.regions)).toEqual(['eu', 'us', 'ap']);
    expect(s1.workload.regionRttMs).toEqual(originRttByRegion());
    expect(originRttByRegion()).toEqual({ eu: 27, us: 12, ap: 47 });
    expect(normalizeBenchOptions({ stage: 4 }).workload.regionRttMs).toEqual({});
    expect(normalizeBenchOptions({ stage: 4, without: 'cdn' }).workload.regionRttMs).toEqual(originRttByRegion());
  });
});
