// RFC 9111 §4.2 (freshness) in the shared cache: s-maxage over max-age, Expires, Age and Date, heuristics, parsing.
import { describe, expect, it } from 'vitest';
import { tierHarness, type Reply } from '../fixtures/cdn-tier.ts';

/** Stores with the given response headers, waits `afterS`, asks again: was the second answer from the store? */
async function reusedAfter(headers: Record<string, string>, afterS: number, status = 200): Promise<boolean> {
  const h = tierHarness(() => ({ status, headers }));
  await h.get('/r');
  h.advance(afterS);
  await h.get('/r');
  return h.calls.length === 1;
}

describe('RFC 9111 §4.2.1 freshness lifetime (shared cache)', () => {
  it('given max-age=60, then it is reused before 60 s and fetched again after', async () => {
    const h = tierHarness(() => ({ headers: { 'cache-control': 'max-age=60' } }));
    expect((await h.get('/a')).cache).toBe('MISS');
    h.advance(59);
    expect((await h.get('/a')).cache).toBe('HIT');
    h.advance(2);
    expect((await h.get('/a')).cache).toBe('MISS');
    expect(h.calls).toHaveLength(2);
  });

  it('given s-maxage longer than max-age, then the shared cache uses s-maxage (the seed’s browser/CDN TTL split)', async () => {
    expect(await reusedAfter({ 'cache-control': 'public, max-age=60, s-maxage=3600' }, 600)).toBe(true);
  });

  it('given s-maxage shorter than max-age (either order), then s-maxage wins', async () => {
    expect(await reusedAfter({ 'cache-control': 'max-age=3600, s-maxage=1' }, 2)).toBe(false);
    expect(await reusedAfter({ 'cache-control': 's-maxage=1, max-age=3600' }, 2)).toBe(false);
  });

  it('given Expires in the future and no max-age, then freshness is Expires − Date', async () => {
    const h = tierHarness(() => ({ headers: { expires: h.httpDate(100) } }));
    await h.get('/e');
    h.advance(90);
    expect((await h.get('/e')).cache).toBe('HIT');
    h.advance(20);
    expect((await h.get('/e')).cache).toBe('MISS');
  });

  it('given max-age and a past or invalid Expires, then max-age wins; an invalid Expires alone means stale', async () => {
    const past = tierHarness(() => ({ headers: { 'cache-control': 'max-age=3600', expires: past.httpDate(-10_000) } }));
    await past.get('/p');
    past.advance(10);
    expect((await past.get('/p')).cache).toBe('HIT');
    expect(await reusedAfter({ 'cache-control': 'max-age=3600', expires: '0' }, 10)).toBe(true);
    expect(await reusedAfter({ expires: '0' }, 1)).toBe(false);
    expect(await reusedAfter({ 'cache-control': 'max-age=0', expires: 'Thu, 01 Jan 2099 00:00:00 GMT' }, 1)).toBe(false);
  });

  it('given max-age=0, then it is not reused without validation', async () => {
    expect(await reusedAfter({ 'cache-control': 'max-age=0' }, 1)).toBe(false);
  });
});

describe('RFC 9111 §4.2.3 age', () => {
  it('given an Age larger than max-age, then the response is already stale', async () => {
    expect(await reusedAfter({ 'cache-control': 'max-age=10', age: '15' }, 0)).toBe(false);
  });

  it('given a Date 20 s in the past and max-age=10, then the apparent age makes it stale', async () => {
    const h = tierHarness(() => ({ headers: { 'cache-control': 'max-age=10', date: h.httpDate(-20) } }));
    await h.get('/d');
    await h.get('/d');
    expect(h.calls).toHaveLength(2);
  });

  it('when serving from the store, then Age is sent and grows with resident time, from the upstream Age', async () => {
    const h = tierHarness(() => ({ headers: { 'cache-control': 'max-age=600', age: '30' } }));
    await h.get('/age');
    h.advance(5);
    const r = await h.get('/age');
    expect(r.cache).toBe('HIT');
    expect(Number(r.headers.age)).toBe(35);
  });

  it('when serving from the store, then the stored Date is kept, not updated', async () => {
    const h = tierHarness(() => ({ headers: { 'cache-control': 'max-age=600' } }));
    const first = await h.get('/date');
    h.advance(100);
    expect((await h.get('/date')).headers.date).toBe(first.headers.date);
  });
});

describe('RFC 9111 §4.2.2 heuristic freshness', () => {
  const lm = (h: { httpDate(o?: number): string }): Reply => ({ headers: { 'last-modified': h.httpDate(-10 * 86_400) } });

  it('given a 200 with Last-Modified 10 days ago, then 10 % of that (capped at a day) is its freshness', async () => {
    const h = tierHarness(() => lm(h));
    await h.get('/h');
    h.advance(3600);
    expect((await h.get('/h')).cache).toBe('HIT');
    h.advance(86_400);
    expect((await h.get('/h')).cache).toBe('MISS');
  });

  it('given a status that is not heuristically cacheable (201, 403, 503), then no heuristic freshness', async () => {
    for (const status of [201, 403, 503]) {
      const h = tierHarness(() => ({ ...lm(h), status }));
      await h.get('/x');
      await h.get('/x');
      expect(h.calls, `status ${status}`).toHaveLength(2);
    }
  });

  it('given `public` on an unknown status, then heuristics are allowed', async () => {
    const h = tierHarness(() => ({ status: 599, headers: { 'cache-control': 'public', 'last-modified': h.httpDate(-86_400) } }));
    await h.get('/x');
    await h.get('/x');
    expect(h.calls).toHaveLength(1);
  });

  it('given explicit freshness, then no heuristic applies even with Last-Modified', async () => {
    const h = tierHarness(() => ({ headers: { 'cache-control': 'max-age=1', 'last-modified': h.httpDate(-365 * 86_400) } }));
    await h.get('/x');
    h.advance(2);
    await h.get('/x');
    expect(h.calls).toHaveLength(2);
  });
});

describe('RFC 9111 §5.2 Cache-Control parsing as it affects freshness', () => {
  it.each([
    ['max-age=a100', false],
    ['max-age=100a', false],
    ['max-age =100', false],
    ['max-age= 100', false],
    ['max-age=-100', false],
    ["max-age='3600'", false],
    ['max-age=3600.5', false],
    ['extension="max-age=3600", max-age=1', false],
    ['max-age=1, extension="max-age=3600"', false],
    ['max-age="3600"', true],
    ['MaX-AgE=3600', true],
    ['max-age=003600', true],
    ['foobar, max-age=3600', true],
    ['max-age=99999999999', true],
    ['max-age=2147483648', true],
    ['max-age=1800, max-age=1', true],
  ])('Cache-Control: %s → reused after 2 s: %s', async (cc, reused) => {
    expect(await reusedAfter({ 'cache-control': cc }, 2)).toBe(reused);
  });
});
