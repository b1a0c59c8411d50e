// Request collapsing over real HTTP: concurrent misses for one key → one origin fetch, at a PoP and through the shield;
// uncacheable responses are not shared (each waiter fetches its own).
import { afterEach, describe, expect, it } from 'vitest';
import { startCdn, type StartedCdn } from '../../targets/cdn/start-cdn.ts';
import { cdnRequest } from '../fixtures/cdn-client.ts';
import { startFixtureOrigin, type FixtureOrigin } from '../fixtures/cdn-origin.ts';

let origin: FixtureOrigin | undefined;
let cdn: StartedCdn | undefined;
afterEach(async () => {
  await cdn?.close();
  await origin?.close();
  cdn = origin = undefined;
});

describe('request collapsing', () => {
  it('given 100 concurrent misses for one URL, then the origin sees exactly 1 fetch and every client the same response', async () => {
    origin = await startFixtureOrigin();
    origin.route('/hot', (_req, n) => ({ headers: { 'cache-control': 'public, max-age=60' }, body: `only-${n}`, delayMs: 300 }));
    cdn = await startCdn({ origin: origin.url, pops: ['eu'] });
    const answers = await Promise.all(Array.from({ length: 100 }, () => cdnRequest(cdn!.url, '/hot')));
    expect(origin.count('/hot')).toBe(1);
    expect(new Set(answers.map((a) => `${a.status} ${a.body}`))).toEqual(new Set(['200 only-1']));
    const eu = cdn.stats().pops.eu;
    expect(eu.collapsed).toBe(99);
    expect(eu.upstreamFetches).toBe(1);
  });

  it('given misses at three PoPs at once behind a shield, then the shield collapses them into 1 origin fetch', async () => {
    origin = await startFixtureOrigin();
    origin.route('/hot', () => ({ headers: { 'cache-control': 'public, s-maxage=60' }, body: 'x', delayMs: 300 }));
    cdn = await startCdn({ origin: origin.url, pops: ['eu', 'us', 'ap'], shield: true });
    const regions = ['eu', 'us', 'ap'];
    const answers = await Promise.all(Array.from({ length: 90 }, (_, i) => cdnRequest(cdn!.url, '/hot', { region: regions[i % 3] })));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(origin.count('/hot')).toBe(1);
    const s = cdn.stats();
    expect(s.shield!.requests).toBe(3);
    expect(s.shield!.collapsed).toBe(2);
    expect(s.totals.originFetches).toBe(1);
  });

  it('given an uncacheable (private) response, then waiters re-issue their own fetches and nothing is stored', async () => {
    origin = await startFixtureOrigin();
    origin.route('/private', (_req, n) => ({ headers: { 'cache-control': 'private, max-age=60' }, body: `user-${n}`, delayMs: 100 }));
    cdn = await startCdn({ origin: origin.url, pops: ['eu'] });
    const answers = await Promise.all(Array.from({ length: 20 }, () => cdnRequest(cdn!.url, '/private')));
    expect(origin.count('/private')).toBe(20);
    expect(new Set(answers.map((a) => a.body)).size).toBe(20);
    expect(cdn.stats().pops.eu.storedObjects).toBe(0);
  });
});
