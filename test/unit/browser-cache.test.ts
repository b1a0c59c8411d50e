// An emulated user's browser cache: http-cache-semantics decides freshness (RFC 9111, private), plus the 301 permanence
// browsers apply; what it serves never reaches the network, so these rules set the redirect-status experiment's numbers.
import { describe, expect, it } from 'vitest';
import { BrowserCaches, headerRecord } from '../../harness/drivers/open-model/browser-cache.ts';
import { RequestMix } from '../../loadtests/workload/request-mix.ts';
import { normalizeWorkload } from '../../loadtests/workload/workload-config.ts';
import { USER_AGENTS } from '../../loadtests/workload/user-agents.ts';

const loc = { location: 'https://example.org/x' };

describe('BrowserCaches', () => {
  it('given a 301 without Cache-Control, then that user (only) reuses it; a 302 without one is never reused', () => {
    const b = new BrowserCaches();
    b.offer(1, '/abc1234', undefined, 301, loc);
    b.offer(1, '/def5678', undefined, 302, loc);
    expect(b.serves(1, '/abc1234', undefined)).toBe(true);
    expect(b.serves(2, '/abc1234', undefined)).toBe(false);
    expect(b.serves(1, '/def5678', undefined)).toBe(false);
  });

  it('given explicit freshness, then it decides for both statuses: max-age=60 is reused, max-age=0 and no-store are not', () => {
    const b = new BrowserCaches();
    b.offer(1, '/a', undefined, 302, { ...loc, 'cache-control': 'public, max-age=60' });
    b.offer(1, '/b', undefined, 301, { ...loc, 'cache-control': 'private, max-age=0' });
    b.offer(1, '/c', undefined, 301, { ...loc, 'cache-control': 'no-store' });
    // s-maxage is for shared caches: a browser gets no freshness from it, and a 302 is not cacheable by default.
    b.offer(1, '/d', undefined, 302, { ...loc, 'cache-control': 'public, s-maxage=3600' });
    expect(b.serves(1, '/a', undefined)).toBe(true);
    expect(b.serves(1, '/b', undefined)).toBe(false);
    expect(b.serves(1, '/c', undefined)).toBe(false);
    expect(b.serves(1, '/d', undefined)).toBe(false);
  });

  it('a response that may not be stored replaces nothing stale: the old entry goes', () => {
    const b = new BrowserCaches();
    b.offer(1, '/a', undefined, 301, loc);
    b.offer(1, '/a', undefined, 302, { ...loc, 'cache-control': 'no-store' });
    expect(b.serves(1, '/a', undefined)).toBe(false);
  });

  it('headerRecord joins raw undici pairs, names lower-cased', () => {
    expect(headerRecord([Buffer.from('Vary'), Buffer.from('a'), Buffer.from('vary'), Buffer.from('b')])).toEqual({ vary: 'a, b' });
  });
});

describe('RequestMix with users and User-Agents', () => {
  const codes = Array.from({ length: 100 }, (_, i) => `c${String(i).padStart(6, '0')}`);

  it('without users or User-Agents the request sequence is the one it always was', () => {
    const plain = new RequestMix(normalizeWorkload({ seededLinks: 100 }), codes);
    const again = new RequestMix(normalizeWorkload({ seededLinks: 100, users: 0 }), codes);
    const a = Array.from({ length: 50 }, () => plain.next());
    const b = Array.from({ length: 50 }, () => again.next());
    expect(b.map((r) => r.path)).toEqual(a.map((r) => r.path));
    expect(a.every((r) => r.user === undefined && r.userAgent === undefined)).toBe(true);
  });

  it('with users, each request has a user in range, and a user keeps one real User-Agent', () => {
    const mix = new RequestMix(normalizeWorkload({ seededLinks: 100, users: 5, userAgents: true }), codes);
    const reqs = Array.from({ length: 500 }, () => mix.next());
    const known = new Set(USER_AGENTS.map(([ua]) => ua));
    const uaOf = new Map<number, string>();
    for (const r of reqs) {
      expect(r.user).toBeGreaterThanOrEqual(0);
      expect(r.user).toBeLessThan(5);
      expect(known.has(r.userAgent!)).toBe(true);
      expect(uaOf.get(r.user!) ?? r.userAgent).toBe(r.userAgent);
      uaOf.set(r.user!, r.userAgent!);
    }
    expect(uaOf.size).toBe(5);
  });

  it('User-Agents without users follow the weights', () => {
    const mix = new RequestMix(normalizeWorkload({ seededLinks: 100, userAgents: true }), codes);
    const n = 20_000;
    const counts = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const ua = mix.next().userAgent!;
      counts.set(ua, (counts.get(ua) ?? 0) + 1);
    }
    const total = USER_AGENTS.reduce((a, [, w]) => a + w, 0);
    for (const [ua, w] of USER_AGENTS) expect(Math.abs((counts.get(ua) ?? 0) / n - w / total)).toBeLessThan(0.02);
  });
});

describe('bench options with emulated users', () => {
  it('refuse a driver other than the open model, in one line naming the fix', async () => {
    const { normalizeBenchOptions } = await import('../../harness/bench/bench-options.ts');
    expect(() => normalizeBenchOptions({ stage: 4, driver: 'autocannon', workload: { users: 10 } })).toThrow(/open-model driver only: use --driver open/);
    expect(normalizeBenchOptions({ stage: 4, workload: { users: 10 } }).workload.users).toBe(10);
  });
});
