// Cache building blocks without Redis: breaker states, XFetch probability, TTL jitter bounds, entry codec, options rules.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CircuitBreaker, type BreakerState } from '../../targets/cache/circuit-breaker.ts';
import { xfetchShouldRefresh } from '../../targets/cache/xfetch.ts';
import { jitteredTtlMs } from '../../targets/cache/ttl-jitter.ts';
import { decodeEntry, encodeEntry } from '../../targets/cache/cache-entry.ts';
import { DEFAULT_CACHE_OPTIONS, resolveCacheOptions } from '../../targets/cache/cache-options.ts';
import { mulberry32 } from '../../loadtests/workload/prng.ts';

/** A seeded uniform generator (the workload's mulberry32), so statistical tests are reproducible. */
const seeded = mulberry32;

describe('circuit breaker', () => {
  it('given K-1 failures stays closed; the K-th opens it; after the cool-down one probe goes through', () => {
    let now = 0;
    const states: BreakerState[] = [];
    const b = new CircuitBreaker({ failureThreshold: 3, cooldownMs: 1000, now: () => now, onChange: (s) => states.push(s) });
    b.failure();
    b.failure();
    expect(b.state).toBe('closed');
    b.failure();
    expect(b.state).toBe('open');
    expect(b.allow()).toBe(false);
    now = 999;
    expect(b.allow()).toBe(false);
    now = 1000;
    expect(b.allow()).toBe(true); // the probe
    expect(b.state).toBe('half-open');
    expect(b.allow()).toBe(false); // only one probe at a time
    b.success();
    expect(b.state).toBe('closed');
    expect(b.allow()).toBe(true);
    expect(states).toEqual(['open', 'half-open', 'closed']);
    expect(b.opens).toBe(1);
  });

  it('a failed half-open probe opens it again for another cool-down', () => {
    let now = 0;
    const b = new CircuitBreaker({ failureThreshold: 1, cooldownMs: 100, now: () => now });
    b.failure();
    now = 100;
    expect(b.allow()).toBe(true);
    b.failure();
    expect(b.state).toBe('open');
    expect(b.opens).toBe(2);
    now = 150;
    expect(b.allow()).toBe(false);
    now = 200;
    expect(b.allow()).toBe(true);
  });

  it('a success in between resets the consecutive count', () => {
    const b = new CircuitBreaker({ failureThreshold: 2, cooldownMs: 100 });
    b.failure();
    b.success();
    b.failure();
    expect(b.state).toBe('closed');
  });
});

describe('XFetch', () => {
  it('refreshes with probability exp(-(expiry - now) / (delta·β)), as the closed form says', () => {
    const rand = seeded(42);
    const delta = 20;
    for (const [remaining, beta] of [[5, 1], [20, 1], [40, 2], [60, 1]] as const) {
      const trials = 20_000;
      let refreshed = 0;
      for (let i = 0; i < trials; i++) if (xfetchShouldRefresh(1000 - remaining, delta, beta, 1000, rand)) refreshed++;
      const expected = Math.exp(-remaining / (delta * beta));
      const sd = Math.sqrt((expected * (1 - expected)) / trials);
      expect(Math.abs(refreshed / trials - expected)).toBeLessThan(5 * sd + 1e-3);
    }
  });

  it('always refreshes at or past expiry, and β = 0 never refreshes early', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.integer({ min: 1, max: 1000 }), (r, remaining) => {
        return xfetchShouldRefresh(1000, 50, 1, 1000, () => r) && !xfetchShouldRefresh(1000 - remaining, 50, 0, 1000, () => r);
      }),
    );
  });
});

describe('TTL jitter', () => {
  it('stays within base × (1 ± jitter) and is at least 1 ms', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.double({ min: 0, max: 0.99, noNaN: true }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (base, j, r) => {
        const ttl = jitteredTtlMs(base, j, () => r);
        return ttl >= 1 && ttl >= Math.floor(base * (1 - j)) && ttl <= Math.ceil(base * (1 + j));
      }),
    );
  });
  it('spreads the TTLs (not all equal) with the default 10 %', () => {
    const rand = seeded(7);
    const ttls = new Set(Array.from({ length: 100 }, () => jitteredTtlMs(300_000, 0.1, rand)));
    expect(ttls.size).toBeGreaterThan(90);
  });
});

describe('cache entry codec', () => {
  it('round-trips positive and negative entries and rejects foreign values', () => {
    const link = { id: 1, code: 'abc', url: 'https://x.test/' };
    expect(decodeEntry(encodeEntry({ v: link, d: 1.5, x: 99 }))).toEqual({ v: link, d: 1.5, x: 99 });
    expect(decodeEntry(encodeEntry({ v: null, d: 0, x: 1 }))).toEqual({ v: null, d: 0, x: 1 });
    expect(decodeEntry('not json')).toBeUndefined();
    expect(decodeEntry('"https://x.test"')).toBeUndefined();
    expect(decodeEntry('{"v":1}')).toBeUndefined();
  });
});

describe('cache options', () => {
  it('fills every default once', () => {
    const o = resolveCacheOptions({ ttlMs: 1000, lockWaitMs: undefined });
    expect(o.ttlMs).toBe(1000);
    expect(o.lockWaitMs).toBe(DEFAULT_CACHE_OPTIONS.lockWaitMs);
    expect(o.now).toBe(Date.now);
  });
  it('rejects values that could not work, with the rule in the message', () => {
    expect(() => resolveCacheOptions({ ttlJitter: 1 })).toThrow(/ttlJitter must be between 0 and 1/);
    expect(() => resolveCacheOptions({ breakerFailures: 0 })).toThrow(/breakerFailures must be an integer >= 1/);
    expect(() => resolveCacheOptions({ ttlMs: 0 })).toThrow(/ttlMs must be >= 1/);
  });
});
