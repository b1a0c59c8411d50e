// RFC 9111 §4.3 (validation): conditional fetches, 304 header updates (§3.2, §4.3.4), no-cache, must-revalidate,
// answering clients' conditional requests (§4.3.2), and request directives (§5.2.1).
import { describe, expect, it } from 'vitest';
import { startCdn } from '../../targets/cdn/start-cdn.ts';
import { cdnRequest, sleep } from '../fixtures/cdn-client.ts';
import { startFixtureOrigin, type OriginReply } from '../fixtures/cdn-origin.ts';
import { tierHarness } from '../fixtures/cdn-tier.ts';

describe('RFC 9111 §4.3.1 sending a validation request', () => {
  it('given a stale response with an ETag, then the fetch carries If-None-Match and a 304 refreshes it (REVALIDATED)', async () => {
    const h = tierHarness((req, n) =>
      n === 1
        ? { headers: { 'cache-control': 'max-age=1', etag: '"v1"', 'x-a': 'old' }, body: 'payload' }
        : { status: 304, headers: { 'cache-control': 'max-age=3600', etag: '"v1"', 'x-a': 'new', 'x-b': 'added', 'content-length': '99' } },
    );
    await h.get('/r');
    h.advance(2);
    const r = await h.get('/r');
    expect(h.calls[1].headers['if-none-match']).toBe('"v1"');
    expect(r).toMatchObject({ status: 200, cache: 'REVALIDATED', body: 'payload' });
    // §3.2: fields of the 304 replace and are added to the stored ones; Content-Length is not taken from it.
    expect(r.headers).toMatchObject({ 'x-a': 'new', 'x-b': 'added', 'cache-control': 'max-age=3600' });
    h.advance(60);
    const again = await h.get('/r');
    expect(again).toMatchObject({ cache: 'HIT', body: 'payload' });
    expect(again.headers['x-b']).toBe('added');
    expect(h.tier.counters.revalidations).toBe(1);
  });

  it('given a stale response with Last-Modified only, then If-Modified-Since is sent and a 304 refreshes it', async () => {
    const lm = 'Sat, 01 Jan 2000 00:00:00 GMT';
    const h = tierHarness((req, n) => (n === 1 ? { headers: { 'cache-control': 'max-age=1', 'last-modified': lm } } : { status: 304, headers: { 'cache-control': 'max-age=60', 'last-modified': lm } }));
    await h.get('/lm');
    h.advance(2);
    expect((await h.get('/lm')).cache).toBe('REVALIDATED');
    expect(h.calls[1].headers['if-modified-since']).toBe(lm);
    expect(h.calls[1].headers['if-none-match']).toBeUndefined();
  });

  it('given a 304 whose strong ETag is not the stored one, then it updates nothing and the cache refetches whole (§4.3.4)', async () => {
    const h = tierHarness((req, n) =>
      n === 1 ? { headers: { 'cache-control': 'max-age=1', etag: '"a"' }, body: 'A' } : n === 2 ? { status: 304, headers: { etag: '"b"' } } : { headers: { 'cache-control': 'max-age=60', etag: '"c"' }, body: 'C' },
    );
    await h.get('/m');
    h.advance(2);
    const r = await h.get('/m');
    expect(r).toMatchObject({ status: 200, body: 'C', cache: 'MISS' });
    expect(h.calls[2].headers['if-none-match']).toBeUndefined();
  });

  it('given the 304 drops the stored Age, then the refreshed response is fresh again (Age is recomputed from the 304)', async () => {
    const h = tierHarness((req, n) => (n === 1 ? { headers: { 'cache-control': 'max-age=100', age: '95', etag: '"x"' } } : { status: 304, headers: { etag: '"x"' } }));
    await h.get('/age');
    h.advance(10);
    expect((await h.get('/age')).cache).toBe('REVALIDATED');
    h.advance(50);
    expect((await h.get('/age')).cache).toBe('HIT');
  });

  it('given a client If-None-Match while no response is stored, then the cache fetches whole and answers the client itself', async () => {
    const h = tierHarness(() => ({ headers: { 'cache-control': 'max-age=60', etag: '"e"' } }));
    const r = await h.get('/c', { 'if-none-match': '"e"' });
    expect(h.calls[0].headers['if-none-match']).toBeUndefined();
    expect(r.status).toBe(304);
    expect(h.tier.store.objects).toBe(1);
  });
});

describe('RFC 9111 §4.3.2 answering conditional requests from the store', () => {
  const stored = () => tierHarness(() => ({ headers: { 'cache-control': 'max-age=600', etag: 'W/"abc"', 'last-modified': 'Sat, 01 Jan 2000 00:00:00 GMT' }, body: 'x' }));

  it('given If-None-Match matching (weak comparison, lists, *), then 304 with the ETag and no body', async () => {
    const h = stored();
    await h.get('/c');
    for (const inm of ['W/"abc"', '"abc"', '"1", W/"abc", "2"', '*']) {
      const r = await h.get('/c', { 'if-none-match': inm });
      expect(r.status, inm).toBe(304);
      expect(r.headers.etag).toBe('W/"abc"');
      expect(r.body).toBe('');
    }
    expect((await h.get('/c', { 'if-none-match': '"other"' })).status).toBe(200);
  });

  it('given If-Modified-Since not before Last-Modified, then 304; earlier, then 200', async () => {
    const h = stored();
    await h.get('/c');
    expect((await h.get('/c', { 'if-modified-since': 'Sat, 01 Jan 2000 00:00:00 GMT' })).status).toBe(304);
    expect((await h.get('/c', { 'if-modified-since': 'Fri, 31 Dec 1999 00:00:00 GMT' })).status).toBe(200);
  });

  it('given a stored redirect, then a matching If-None-Match still gets the 302 (RFC 9110 §13.2.1: 2xx only)', async () => {
    const h = tierHarness(() => ({ status: 302, headers: { location: 'https://example.com/', 'cache-control': 'public, s-maxage=60', etag: '"r"' } }));
    await h.get('/abc');
    const r = await h.get('/abc', { 'if-none-match': '"r"' });
    expect(r.status).toBe(302);
    expect(r.cache).toBe('HIT');
  });
});

describe('RFC 9111 §5.2.2 no-cache and must-revalidate', () => {
  it('given no-cache (even with max-age), then it is stored but every reuse is validated', async () => {
    const h = tierHarness((req, n) => (n === 1 ? { headers: { 'cache-control': 'max-age=10000, no-cache', etag: '"n"' }, body: 'N' } : { status: 304, headers: { etag: '"n"' } }));
    await h.get('/n');
    for (let i = 0; i < 3; i++) expect(await h.get('/n')).toMatchObject({ cache: 'REVALIDATED', body: 'N' });
    expect(h.calls).toHaveLength(4);
  });

  it('given must-revalidate, then a fresh response is reused and a stale one is never served stale, even on error', async () => {
    const h = tierHarness((req, n) => (n === 1 ? { headers: { 'cache-control': 'max-age=10, must-revalidate, stale-if-error=600', etag: '"m"' } } : { error: 'refused' }));
    await h.get('/m');
    expect((await h.get('/m')).cache).toBe('HIT');
    h.advance(20);
    expect((await h.get('/m')).status).toBe(502);
  });
});

describe('RFC 9111 §5.2.1 request directives', () => {
  const fresh = () => tierHarness((req, n) => (n === 1 ? { headers: { 'cache-control': 'max-age=600', etag: '"f"' } } : { status: 304, headers: { etag: '"f"' } }));

  it('given request no-cache or max-age=0, then a fresh stored response is validated first', async () => {
    for (const cc of ['no-cache', 'max-age=0']) {
      const h = fresh();
      await h.get('/f');
      h.advance(1);
      expect((await h.get('/f', { 'cache-control': cc })).cache, cc).toBe('REVALIDATED');
    }
    const p = fresh();
    await p.get('/f');
    expect((await p.get('/f', { pragma: 'no-cache' })).cache).toBe('REVALIDATED');
  });

  it('given request max-stale, then a stale response is served stale; min-fresh asks for more freshness', async () => {
    const h = fresh();
    await h.get('/f');
    h.advance(700);
    expect((await h.get('/f', { 'cache-control': 'max-stale=1000' })).cache).toBe('STALE');
    const m = fresh();
    await m.get('/f');
    expect((await m.get('/f', { 'cache-control': 'min-fresh=1000' })).cache).toBe('REVALIDATED');
  });

  it('given only-if-cached and nothing stored, then 504 without contacting the upstream', async () => {
    const h = fresh();
    expect((await h.get('/none', { 'cache-control': 'only-if-cached' })).status).toBe(504);
    expect(h.calls).toHaveLength(0);
  });

  it('given the option to ignore request directives (as many CDNs do), then request no-cache is a plain HIT', async () => {
    const h = tierHarness(() => ({ headers: { 'cache-control': 'max-age=600' } }), { honorRequestCacheControl: false });
    await h.get('/i');
    expect((await h.get('/i', { 'cache-control': 'no-cache' })).cache).toBe('HIT');
  });
});

describe('RFC 9111 §4.3.4 a 304 carrying Content-Length (of the selected representation, not its own body)', () => {
  it('given the origin revalidates with `304` + `Content-Length: 99`, then the stored response is updated and served with its own framing', async () => {
    const origin = await startFixtureOrigin();
    origin.route('/cl', (_req, n): OriginReply =>
      n === 1
        ? { headers: { 'cache-control': 'max-age=1', etag: '"v1"', 'x-a': 'old' }, body: 'stored payload' }
        : { status: 304, headers: { 'cache-control': 'max-age=60', etag: '"v1"', 'x-a': 'new', 'content-length': '99' } },
    );
    const cdn = await startCdn({ origin: origin.url, pops: ['eu'] });
    try {
      expect((await cdnRequest(cdn.url, '/cl')).cache).toBe('MISS');
      await sleep(1100);
      const r = await cdnRequest(cdn.url, '/cl');
      expect(r).toMatchObject({ status: 200, cache: 'REVALIDATED', body: 'stored payload' });
      expect(r.headers['content-length']).toBe(String('stored payload'.length));
      expect(r.headers['x-a']).toBe('new');
      const hit = await cdnRequest(cdn.url, '/cl');
      expect(hit).toMatchObject({ status: 200, cache: 'HIT', body: 'stored payload' });
      expect(hit.headers['content-length']).toBe(String('stored payload'.length));
      expect(origin.count('/cl')).toBe(2);
    } finally {
      await cdn.close();
      await origin.close();
    }
  });
});
