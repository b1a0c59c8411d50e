// RFC 9111 §3 (storing responses) in the shared cache: private, no-store, Authorization (§3.5), statuses, fields kept.
import { describe, expect, it } from 'vitest';
import { tierHarness, type Reply } from '../fixtures/cdn-tier.ts';

async function storedAfterOne(reply: Reply, reqHeaders: Record<string, string> = {}, url = '/s'): Promise<boolean> {
  const h = tierHarness(() => reply);
  await h.get(url, reqHeaders);
  await h.get(url);
  return h.calls.length === 1;
}

describe('RFC 9111 §3 storing: directives', () => {
  it('given `private`, then a shared cache never stores it, however fresh', async () => {
    const h = tierHarness(() => ({ headers: { 'cache-control': 'private, max-age=3600' } }));
    for (let i = 0; i < 3; i++) expect((await h.get('/p')).cache).toBe('MISS');
    expect(h.calls).toHaveLength(3);
    expect(h.tier.store.objects).toBe(0);
    expect(h.tier.counters.notStored.private).toBe(3);
  });

  it('given `no-store` (any case, even with max-age and Expires), then it is not stored', async () => {
    expect(await storedAfterOne({ headers: { 'cache-control': 'no-store' } })).toBe(false);
    expect(await storedAfterOne({ headers: { 'cache-control': 'No-StOrE' } })).toBe(false);
    expect(await storedAfterOne({ headers: { 'cache-control': 'max-age=10000, no-store', expires: 'Thu, 01 Jan 2099 00:00:00 GMT' } })).toBe(false);
  });

  it('given a request with `Cache-Control: no-store`, then its response is not stored', async () => {
    expect(await storedAfterOne({ headers: { 'cache-control': 'max-age=3600' } }, { 'cache-control': 'no-store' })).toBe(false);
  });

  it('given a qualified private="x" or no-cache="x", then the response is stored without those fields', async () => {
    const h = tierHarness(() => ({ headers: { 'cache-control': 'max-age=3600, private="a", no-cache="b, c"', a: '1', b: '2', c: '3', d: '4' } }));
    await h.get('/q');
    const r = await h.get('/q');
    expect(r.cache).toBe('HIT');
    expect([r.headers.a, r.headers.b, r.headers.c, r.headers.d]).toEqual([undefined, undefined, undefined, '4']);
  });

  it('given fields named by Connection, then they are neither stored nor served', async () => {
    const h = tierHarness(() => ({ headers: { 'cache-control': 'max-age=3600', connection: 'a, b', a: '1', b: '2', c: '3' } }));
    await h.get('/c');
    const r = await h.get('/c');
    expect([r.headers.a, r.headers.b, r.headers.c, r.headers.connection]).toEqual([undefined, undefined, '3', undefined]);
  });

  it('given Set-Cookie on a fresh response, then it is stored (RFC 9111 §7.3: Set-Cookie does not inhibit caching)', async () => {
    expect(await storedAfterOne({ headers: { 'cache-control': 'max-age=3600', 'set-cookie': 'a=b' } })).toBe(true);
  });
});

describe('RFC 9111 §3.5 responses to requests with Authorization', () => {
  const auth = { authorization: 'Bearer x' };
  it('given explicit freshness only, then it is not stored', async () => {
    expect(await storedAfterOne({ headers: { 'cache-control': 'max-age=3600' } }, auth)).toBe(false);
  });
  it.each(['public, max-age=3600', 's-maxage=3600', 'max-age=3600, must-revalidate'])('given `%s`, then it is stored', async (cc) => {
    expect(await storedAfterOne({ headers: { 'cache-control': cc } }, auth)).toBe(true);
  });
});

describe('RFC 9111 §3 storing: status codes', () => {
  it.each([200, 203, 204, 299, 301, 302, 303, 307, 308, 400, 404, 410, 499, 500, 502, 503, 504, 599])(
    'given status %i with explicit freshness, then it is stored and reused while fresh',
    async (status) => {
      expect(await storedAfterOne({ status, headers: { 'cache-control': 'max-age=3600' } })).toBe(true);
    },
  );

  it('given a 206 (no range support) or a status without freshness that is not cacheable by default, then not stored', async () => {
    expect(await storedAfterOne({ status: 206, headers: { 'cache-control': 'max-age=3600', 'content-range': 'bytes 0-1/10' } })).toBe(false);
    expect(await storedAfterOne({ status: 302, headers: { location: '/x' } })).toBe(false);
  });

  it('given must-understand with no-store, then an understood status is stored and an unknown one is not (§5.2.2.3)', async () => {
    expect(await storedAfterOne({ status: 200, headers: { 'cache-control': 'must-understand, no-store, max-age=3600' } })).toBe(true);
    expect(await storedAfterOne({ status: 299, headers: { 'cache-control': 'must-understand, no-store, max-age=3600' } })).toBe(false);
  });

  it('given a POST, then its response is not stored (this cache stores GET responses only)', async () => {
    const h = tierHarness(() => ({ headers: { 'cache-control': 'max-age=3600' } }));
    expect((await h.request('POST', '/m')).cache).toBe('BYPASS');
    await h.get('/m');
    expect(h.calls).toHaveLength(2);
  });

  it('given a response that can never be reused (already stale, no validator, no stale window), then it is not stored', async () => {
    const h = tierHarness(() => ({ headers: { 'cache-control': 'max-age=10', age: '100' } }));
    await h.get('/u');
    expect(h.tier.store.objects).toBe(0);
    expect(h.tier.counters.notStored.useless).toBe(1);
  });
});
