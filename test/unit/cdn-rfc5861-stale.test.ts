// RFC 5861: stale-while-revalidate (serve stale, refresh in the background) and stale-if-error; RFC 9111 §4.2.4 limits.
import { describe, expect, it } from 'vitest';
import { tierHarness, type Reply } from '../fixtures/cdn-tier.ts';

const settle = () => new Promise((r) => setImmediate(r));

describe('RFC 5861 §3 stale-while-revalidate', () => {
  const swr = (cc = 'max-age=1, stale-while-revalidate=30') =>
    tierHarness((req, n): Reply => ({ headers: { 'cache-control': cc, etag: `"v${n}"` }, body: `v${n}` }));

  it('given a stale response within the window, then it is served stale once and refreshed in the background', async () => {
    const h = swr();
    await h.get('/s');
    h.advance(5);
    const stale = await h.get('/s');
    expect(stale).toMatchObject({ cache: 'STALE', body: 'v1' });
    await settle();
    expect(h.calls).toHaveLength(2);
    expect(h.calls[1].headers['if-none-match']).toBe('"v1"');
    expect(await h.get('/s')).toMatchObject({ cache: 'HIT', body: 'v2' });
    expect(h.tier.counters.backgroundRefreshes).toBe(1);
  });

  it('given many requests in the window at once, then one background refresh serves them all', async () => {
    const h = swr();
    await h.get('/s');
    h.advance(5);
    const answers = await Promise.all(Array.from({ length: 20 }, () => h.get('/s')));
    expect(answers.every((a) => a.cache === 'STALE')).toBe(true);
    await settle();
    expect(h.calls).toHaveLength(2);
  });

  it('given staleness past the window, then the request waits for the fetch', async () => {
    const h = swr();
    await h.get('/s');
    h.advance(40);
    expect(await h.get('/s')).toMatchObject({ cache: 'MISS', body: 'v2' });
  });

  it('given must-revalidate, no-cache or s-maxage without stale directives, then nothing is served stale (§4.2.4)', async () => {
    for (const cc of ['max-age=1, must-revalidate, stale-while-revalidate=30', 'max-age=1, proxy-revalidate, stale-while-revalidate=30']) {
      const h = swr(cc);
      await h.get('/s');
      h.advance(5);
      expect((await h.get('/s')).cache, cc).not.toBe('STALE');
    }
  });

  it('given s-maxage with an explicit stale-while-revalidate (the stage-4 app header), then stale is served (conformance choice)', async () => {
    const h = swr('public, max-age=60, s-maxage=1, stale-while-revalidate=30, stale-if-error=86400');
    await h.get('/s');
    h.advance(5);
    expect((await h.get('/s')).cache).toBe('STALE');
  });
});

describe('RFC 5861 §4 stale-if-error', () => {
  const sie = (cc: string, failure: Reply) => tierHarness((req, n) => (n === 1 ? { headers: { 'cache-control': cc }, body: 'good' } : failure));

  it.each([
    ['a 500', { status: 500, body: 'boom' } as Reply],
    ['a 503 with its own freshness', { status: 503, headers: { 'cache-control': 'max-age=600' }, body: 'boom' } as Reply],
    ['a refused connection', { error: 'refused' } as Reply],
    ['a timeout', { error: 'timeout' } as Reply],
  ])('given %s within the window, then the stale response is served; after the window the error passes through', async (_what, failure) => {
    const h = sie('max-age=1, stale-if-error=60', failure);
    await h.get('/e');
    h.advance(30);
    expect(await h.get('/e')).toMatchObject({ status: 200, cache: 'STALE', body: 'good' });
    h.advance(40);
    const after = await h.get('/e');
    expect(after.status).toBeGreaterThanOrEqual(500);
    expect(after.cache).toBe('MISS');
    expect(h.tier.counters.staleIfError).toBe(1);
  });

  it('given a request stale-if-error and a response without one, then the request’s window applies', async () => {
    const h = sie('max-age=1', { status: 500 });
    await h.get('/e');
    h.advance(30);
    expect((await h.get('/e', { 'cache-control': 'stale-if-error=60' })).cache).toBe('STALE');
    expect((await h.get('/e', { 'cache-control': 'stale-if-error=10' })).status).toBe(500);
  });

  it('given no stale-if-error at all, then an error is never answered with stale content', async () => {
    const h = sie('max-age=1', { status: 500 });
    await h.get('/e');
    h.advance(2);
    expect((await h.get('/e')).status).toBe(500);
  });

  it('given no-cache, then stale-if-error does not apply', async () => {
    const h = sie('max-age=100, no-cache, stale-if-error=600', { error: 'refused' });
    await h.get('/e');
    expect((await h.get('/e')).status).toBe(502);
  });
});
