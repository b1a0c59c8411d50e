// The k6 scripts' pure pieces: Little's-law VU sizing, k6 rate units, __ENV parsing, codes files, stream ids.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { formatCodesText, parseCodesText, parseRegions, readScriptEnv } from '../../loadtests/k6/lib/script-env.ts';
import { segmentSalt, vuStreamId } from '../../loadtests/k6/lib/scenario-workloads.ts';
import { HEADROOM, k6Duration, MIN_VUS, perSecond, sizeVus, toK6Rate } from '../../loadtests/k6/lib/scenario-options.ts';

describe("sizeVus (Little's law L = λ·W)", () => {
  test('given 4,040 req/s, 10 ms expected and a 100 ms SLO: 81 VUs ready, up to 808', () => {
    const v = sizeVus(4040, 10, 100);
    expect(v).toMatchObject({ preAllocatedVUs: Math.ceil(4040 * 0.01 * HEADROOM), maxVUs: Math.ceil(4040 * 0.1 * HEADROOM) });
    expect(v.derivation).toMatch(/ceil\(4040\.0\/s × 10 ms × 2\)/);
  });

  test('a tiny rate still gets the minimum pool; MAX_VUS caps both', () => {
    expect(sizeVus(0.5, 10, 100)).toMatchObject({ preAllocatedVUs: MIN_VUS, maxVUs: MIN_VUS });
    expect(sizeVus(40_400, 10, 100, 500)).toMatchObject({ preAllocatedVUs: 500, maxVUs: 500 });
  });

  test('property: the pool covers λ·W at the expected latency and maxVUs covers it at the SLO', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 1e6, noNaN: true }), fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 5000 }), (rate, w, slo) => {
        const v = sizeVus(rate, w, slo);
        expect(v.preAllocatedVUs).toBeGreaterThanOrEqual(rate * (w / 1000));
        expect(v.maxVUs).toBeGreaterThanOrEqual(rate * (slo / 1000));
        expect(v.maxVUs).toBeGreaterThanOrEqual(v.preAllocatedVUs);
      }),
    );
  });
});

test('toK6Rate: whole rates per second, fractional ones per minute within 1/120 req/s', () => {
  expect(toK6Rate(4040)).toEqual({ rate: 4040, timeUnit: '1s' });
  expect(toK6Rate(40.4)).toEqual({ rate: 2424, timeUnit: '1m' });
  fc.assert(
    fc.property(fc.double({ min: 0.02, max: 1e6, noNaN: true }), (r) => {
      expect(Math.abs(perSecond(toK6Rate(r)) - r)).toBeLessThanOrEqual(1 / 120 + 1e-9);
    }),
  );
  expect(() => toK6Rate(0)).toThrow(/rate must be a finite number > 0/);
});

test('durations: k6 forms in, k6 forms out', () => {
  const env = (DURATION: string) => readScriptEnv({ BASE_URL: 'http://127.0.0.1:1', DURATION });
  expect(env('1m30s').durationS).toBe(90);
  expect(env('250ms').durationS).toBe(0.25);
  expect(env('12').durationS).toBe(12);
  expect(() => env('soon')).toThrow('DURATION="soon" is not a duration: use e.g. 10s, 500ms, 2m or 1m30s');
  expect(k6Duration(60)).toBe('60s');
  expect(k6Duration(1.5)).toBe('1500ms');
});

describe('readScriptEnv', () => {
  test('defaults: 1k tier, 30 s, constant arrival rate, SLO p99 100 ms / 0.1 %, the default workload', () => {
    const e = readScriptEnv({ BASE_URL: 'http://127.0.0.1:8080/' });
    expect(e).toMatchObject({ baseUrl: 'http://127.0.0.1:8080', tier: '1k', durationS: 30, executor: 'constant', slo: { p99Ms: 100, errorRate: 0.001 }, timeoutMs: 10_000, streamBase: 0 });
    expect(e.rate).toBeUndefined();
    expect(e.workload).toMatchObject({ zipfSkew: 1, readWriteRatio: 100, unknownShare: 0.01, seededLinks: 10_000, regions: {} });
  });

  test('bad values name the variable and the rule', () => {
    expect(() => readScriptEnv({ BASE_URL: 'http://x', SLO_ERROR_RATE: '5' })).toThrow('SLO_ERROR_RATE=5 is not valid: it must be a fraction between 0 and 1');
    expect(() => readScriptEnv({ BASE_URL: 'http://x', EXECUTOR: 'closed' })).toThrow('EXECUTOR=closed is not valid: use constant or ramping');
    expect(() => readScriptEnv({})).toThrow('BASE_URL is not set: run k6 with -e BASE_URL=http://host:port');
    expect(() => readScriptEnv({ BASE_URL: 'http://x', UNKNOWN_SHARE: '0.6', METADATA_SHARE: '0.6' })).toThrow(/unknownShare \+ metadataShare \+ slowShare must be <= 1/);
  });

  test('REGIONS is a list of name=weight pairs', () => {
    expect(parseRegions('eu=0.6, us=0.3,ap=0.1')).toEqual({ eu: 0.6, us: 0.3, ap: 0.1 });
    expect(parseRegions('')).toEqual({});
    expect(() => parseRegions('eu')).toThrow(/use name=weight pairs/);
  });
});

test('codes file: one code per line, hottest first, blank lines and comments skipped, limited to SEEDED_LINKS', () => {
  expect(parseCodesText('# seeded\nabc\n\ndef\nghi\n', 2)).toEqual(['abc', 'def']);
  expect(parseCodesText(formatCodesText(['a', 'b']))).toEqual(['a', 'b']);
});

test('streams: distinct per VU and step; an unsegmented run has no salt, runners get distinct ones', () => {
  expect(vuStreamId(3, 7)).toBe(30_007);
  expect(segmentSalt(undefined)).toBe(0);
  expect(segmentSalt('0:1')).toBe(0);
  const salts = ['0:1/4', '1/4:2/4', '2/4:3/4', '3/4:1'].map(segmentSalt);
  expect(new Set(salts).size).toBe(4);
  expect(salts.every((s) => s > 0)).toBe(true);
});
