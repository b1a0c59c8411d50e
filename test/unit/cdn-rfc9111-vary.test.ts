// RFC 9111 §4.1 (Vary): secondary keys select among stored variants; `Vary: *` never matches; values are normalised.
import { describe, expect, it } from 'vitest';
import { tierHarness } from '../fixtures/cdn-tier.ts';

const varying = (vary: string) => tierHarness((req) => ({ headers: { 'cache-control': 'max-age=3600', vary }, body: `foo=${String(req.headers.foo ?? '-')}` }));

describe('RFC 9111 §4.1 Vary', () => {
  it('given Vary: Foo, then a request with the same Foo is served from the store and another Foo is not', async () => {
    const h = varying('Foo');
    await h.get('/v', { foo: '1' });
    expect((await h.get('/v', { foo: '1' })).cache).toBe('HIT');
    expect((await h.get('/v', { foo: '2' })).cache).toBe('MISS');
    expect(h.calls).toHaveLength(2);
  });

  it('given a stored variant, when another variant is stored, then both are served (no invalidation of the first)', async () => {
    const h = varying('Foo');
    await h.get('/v', { foo: '1' });
    await h.get('/v', { foo: '2' });
    expect(await h.get('/v', { foo: '1' })).toMatchObject({ cache: 'HIT', body: 'foo=1' });
    expect(await h.get('/v', { foo: '2' })).toMatchObject({ cache: 'HIT', body: 'foo=2' });
    expect(h.tier.store.objects).toBe(2);
  });

  it('given a request that omits the selecting field, then it does not match a variant that had it', async () => {
    const h = varying('Foo, Bar');
    await h.get('/v', { foo: '1', bar: 'abc' });
    expect((await h.get('/v', { foo: '1' })).cache).toBe('MISS');
    expect((await h.get('/v', { foo: '1' })).cache).toBe('HIT'); // both omitted Bar: match
  });

  it('given fields not listed in Vary, then they are not part of the key', async () => {
    const h = varying('Foo');
    await h.get('/v', { foo: '1', other: '2' });
    expect((await h.get('/v', { foo: '1', other: '3' })).cache).toBe('HIT');
  });

  it('given Vary: *, then the response always fails to match and is not stored', async () => {
    const h = varying('*');
    await h.get('/v', { foo: '1' });
    expect((await h.get('/v', { foo: '1' })).cache).toBe('MISS');
    expect(h.tier.counters.notStored['vary-star']).toBe(2);
  });

  it('given selecting values that differ only in list whitespace, then they match (normalisation)', async () => {
    const h = varying('Foo');
    await h.get('/v', { foo: '1,2' });
    expect((await h.get('/v', { foo: ' 1, 2 ' })).cache).toBe('HIT');
  });
});
