// The pure pieces behind the load-balancer experiments: requested CPU work, the balancer's request stamp, per-app queue
// figures, slow requests in the workload, per-interval change costs, and verdicts that follow the measured values.
import { describe, expect, it } from 'vitest';
import { burnCpuMs, requestedWorkMs } from '../../targets/app/cpu-work.ts';
import { parseRequestStart } from '../../targets/app/balancer-wait.ts';
import { balancerQueueFigures } from '../../harness/stages/app-metrics-reader.ts';
import { RequestMix } from '../../loadtests/workload/request-mix.ts';
import { normalizeWorkload } from '../../loadtests/workload/workload-config.ts';
import { ratesOf } from '../../harness/faults/counter-series.ts';
import { changeCost } from '../../harness/faults/change-recovery.ts';
import { nginxConfig } from '../../targets/balancer/nginx-config.ts';
import { haproxyConfig } from '../../targets/balancer/haproxy-config.ts';
import { lbLocality } from '../../harness/experiments/lb-locality.ts';
import { unevenCost } from '../../harness/experiments/uneven-cost.ts';
import { joinUnderLoad } from '../../harness/experiments/join-under-load.ts';
import type { ArmValues } from '../../harness/experiments/experiment-types.ts';

describe('requested CPU work (?work-ms=N)', () => {
  it('is read from the query, capped at the app limit, and ignored when the app allows none', () => {
    expect(requestedWorkMs('/abc1234?work-ms=25', 100)).toBe(25);
    expect(requestedWorkMs('/abc1234?x=1&work-ms=500', 100)).toBe(100);
    expect(requestedWorkMs('/abc1234?work-ms=25', 0)).toBe(0);
    expect(requestedWorkMs('/abc1234', 100)).toBe(0);
    expect(requestedWorkMs('/abc1234?work-ms=abc', 100)).toBe(0);
    expect(requestedWorkMs('/abc1234?xwork-ms=25', 100)).toBe(0);
  });

  it('burns that much CPU time of this process', () => {
    const before = process.cpuUsage();
    burnCpuMs(15);
    const used = process.cpuUsage(before);
    expect((used.user + used.system) / 1000).toBeGreaterThanOrEqual(15);
  });
});

describe("the balancer's X-Request-Start stamp", () => {
  it("reads nginx's seconds.millis and HAProxy's epoch millis alike; anything else is no stamp", () => {
    expect(parseRequestStart('t=1764763200.123')).toBe(1764763200123);
    expect(parseRequestStart('t=1764763200123')).toBe(1764763200123);
    expect(parseRequestStart('t=1764763200')).toBe(1764763200000);
    expect(parseRequestStart(undefined)).toBeUndefined();
    expect(parseRequestStart('1764763200.123')).toBeUndefined();
    expect(parseRequestStart('t=abc')).toBeUndefined();
  });

  it('is set by both generated balancer configs', () => {
    const upstreams = [{ host: '127.0.0.1', port: 9001, id: 'app-1' }];
    expect(nginxConfig({ port: 9000, upstreams, algorithm: 'round-robin', runDir: '/tmp/x' })).toContain('proxy_set_header X-Request-Start "t=${msec}";');
    expect(haproxyConfig({ port: 9000, upstreams, algorithm: 'round-robin' })).toContain('http-request set-header X-Request-Start t=%[date(0,ms)]');
  });

  it('per app, residence seconds over wall seconds is the mean number of requests there (Little), most and least loaded', () => {
    const before = { lbStamped: 0, lbQueueSeconds: 0, readAtMs: 0, 'lbResidenceSeconds#0': 0, 'lbResidenceSeconds#1': 0, redirects: 0, 'redirects#0': 0, 'redirects#1': 0 };
    const after = { lbStamped: 400, lbQueueSeconds: 4, readAtMs: 2000, 'lbResidenceSeconds#0': 6, 'lbResidenceSeconds#1': 1, redirects: 400, 'redirects#0': 300, 'redirects#1': 100 };
    expect(balancerQueueFigures(before, after)).toEqual({ lbQueueMsMean: 10, appInFlightMeanMax: 3, appInFlightMeanMin: 0.5, appRedirectShareMax: 0.75 });
    expect(balancerQueueFigures(before, { ...after, lbStamped: 0 })).toEqual({});
  });
});

describe('slow requests in the workload', () => {
  const codes = Array.from({ length: 100 }, (_, i) => `c${String(i).padStart(6, '0')}`);

  it('draws slowShare of the reads as GET /<code>?work-ms=<slowMs>, endpoint slow', () => {
    const mix = new RequestMix(normalizeWorkload({ slowShare: 0.2, slowMs: 30, readWriteRatio: Infinity, unknownShare: 0 }), codes);
    const reqs = Array.from({ length: 5000 }, () => mix.next());
    const slow = reqs.filter((r) => r.endpoint === 'slow');
    expect(slow.length / reqs.length).toBeGreaterThan(0.17);
    expect(slow.length / reqs.length).toBeLessThan(0.23);
    expect(slow.every((r) => /^\/c\d{6}\?work-ms=30$/.test(r.path))).toBe(true);
  });

  it('leaves the request stream of a workload without slow requests exactly as it was', () => {
    const plain = new RequestMix(normalizeWorkload({}), codes);
    const withZero = new RequestMix(normalizeWorkload({ slowShare: 0, slowMs: 99 }), codes);
    for (let i = 0; i < 2000; i++) expect(withZero.next()).toEqual(plain.next());
  });

  it('rejects shares that cannot be', () => {
    expect(() => normalizeWorkload({ slowShare: 1.5 })).toThrow(/slowShare must be between 0 and 1/);
    expect(() => normalizeWorkload({ slowShare: 0.6, metadataShare: 0.5 })).toThrow(/must be <= 1/);
    expect(() => normalizeWorkload({ slowMs: 0 })).toThrow(/slowMs/);
  });
});

describe('the cost of a change, from per-interval counters', () => {
  // 500-ms reads: 100 redirects and 20 misses per interval, except 60 misses in the two intervals after a change at 2 s.
  const reads = Array.from({ length: 13 }, (_, k) => ({ atMs: k * 500, counters: { redirects: 0, localMisses: 0 } }));
  let r = 0;
  let m = 0;
  reads.forEach((x, k) => {
    if (k > 0) {
      r += 100;
      m += k === 5 || k === 6 ? 60 : 20;
    }
    x.counters = { redirects: r, localMisses: m };
  });
  const series = ratesOf(reads, ['redirects', 'localMisses'], 500);

  it('rates are per second per interval', () => {
    expect(series.perS.redirects.every((v) => v === 200)).toBe(true);
    expect(series.perS.localMisses[4]).toBe(120);
  });

  it('extra events are those above the per-request level before the change; recovery is when that level is back', () => {
    const c = changeCost(series, 'localMisses', 'redirects', 2000, 2000, 6000);
    expect(c.baselineRatio).toBe(0.2);
    expect(c.peakRatio).toBe(0.6);
    expect(c.extra).toBe(80);
    expect(c.recoveredMs).toBe(1000);
  });

  it('a change that costs nothing recovers at once; a window that ends above the level has not recovered', () => {
    expect(changeCost(series, 'localMisses', 'redirects', 2000, 4000, 6000)).toMatchObject({ extra: 0, recoveredMs: 0 });
    expect(changeCost(series, 'localMisses', 'redirects', 2000, 2000, 3000).recoveredMs).toBeUndefined();
  });

  it('a change that costs slightly less than nothing rounds to 0, not -0 (a result file, JSON, cannot hold -0)', () => {
    // One interval after the change has 19.5 misses instead of 20 (39/s, not 40): extra = round((39 − 0.2 × 200) × 0.5 s) = round(−0.5).
    const fewer = Array.from({ length: 9 }, (_, k) => ({ atMs: k * 500, counters: { redirects: k * 100, localMisses: k * 20 - (k >= 6 ? 0.5 : 0) } }));
    const c = changeCost(ratesOf(fewer, ['redirects', 'localMisses'], 500), 'localMisses', 'redirects', 2500, 2500, 4000);
    expect(c.extra).toBe(0);
  });
});

describe('the verdicts follow the measured values, not the arm names', () => {
  const arms = (values: Record<string, Record<string, number[]>>): ArmValues[] => Object.entries(values).map(([arm, v]) => ({ arm, values: v, results: [] }));

  it('lb-locality: consistent hashing clearly above round-robin on every balancer measured confirms; equal contradicts', () => {
    expect(lbLocality.verdict(arms({ 'nginx-rr': { localHitRatio: [0.4] }, 'nginx-ch': { localHitRatio: [0.6] } })).outcome).toBe('confirms');
    expect(lbLocality.verdict(arms({ 'nginx-rr': { localHitRatio: [0.6] }, 'nginx-ch': { localHitRatio: [0.6] } })).outcome).toBe('contradicts');
    const mixed = { 'nginx-rr': { localHitRatio: [0.4] }, 'nginx-ch': { localHitRatio: [0.6] }, 'haproxy-rr': { localHitRatio: [0.5] }, 'haproxy-ch': { localHitRatio: [0.52] } };
    expect(lbLocality.verdict(arms(mixed)).outcome).toBe('inconclusive');
  });

  it('uneven-cost: round-robin cheap p99 ×1.2 above least-connections in every run confirms; below contradicts', () => {
    expect(unevenCost.verdict(arms({ 'round-robin': { cheapP99Ms: [300, 320] }, 'least-connections': { cheapP99Ms: [100, 120] } })).outcome).toBe('confirms');
    expect(unevenCost.verdict(arms({ 'round-robin': { cheapP99Ms: [100, 110] }, 'least-connections': { cheapP99Ms: [150, 160] } })).outcome).toBe('contradicts');
    expect(unevenCost.verdict(arms({ 'round-robin': { cheapP99Ms: [100, 300] }, 'least-connections': { cheapP99Ms: [150, 160] } })).outcome).toBe('inconclusive');
  });

  it('join-under-load: mod-N clearly costing more misses after the join than consistent hashing confirms; the reverse contradicts', () => {
    const v = (mod: number, ch: number) => arms({ 'round-robin': { joinExtraLocalMisses: [60] }, 'consistent-hash': { joinExtraLocalMisses: [ch] }, 'modulo-hash': { joinExtraLocalMisses: [mod] } });
    expect(joinUnderLoad.verdict(v(600, 40)).outcome).toBe('confirms');
    expect(joinUnderLoad.verdict(v(600, -10)).outcome).toBe('confirms');
    expect(joinUnderLoad.verdict(v(40, 300)).outcome).toBe('contradicts');
    expect(joinUnderLoad.verdict(v(30, 10)).outcome).toBe('inconclusive');
    expect(joinUnderLoad.verdict(v(600, 400)).outcome).toBe('inconclusive');
  });
});
