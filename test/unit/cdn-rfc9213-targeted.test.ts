// RFC 9213 targeted cache control: CDN-Cache-Control, then Surrogate-Control, take precedence over Cache-Control and
// Expires for this cache; an invalid CDN-Cache-Control (Structured Field) is ignored as a whole.
import { describe, expect, it } from 'vitest';
import { tierHarness } from '../fixtures/cdn-tier.ts';

async function reusedAfter(headers: Record<string, string>, afterS: number): Promise<boolean> {
  const h = tierHarness(() => ({ headers }));
  await h.get('/t');
  h.advance(afterS);
  await h.get('/t');
  return h.calls.length === 1;
}

describe('RFC 9213 CDN-Cache-Control', () => {
  it('given a long CDN-Cache-Control max-age and a short Cache-Control one, then the CDN keeps it longer', async () => {
    expect(await reusedAfter({ 'cache-control': 'max-age=1', 'cdn-cache-control': 'max-age=3600' }, 60)).toBe(true);
  });

  it('given a short CDN-Cache-Control max-age and a long Cache-Control one, then the short one applies', async () => {
    expect(await reusedAfter({ 'cache-control': 'max-age=3600', 'cdn-cache-control': 'max-age=1' }, 2)).toBe(false);
  });

  it('given CDN-Cache-Control max-age with Cache-Control no-store, then it is stored (Cache-Control is ignored)', async () => {
    expect(await reusedAfter({ 'cache-control': 'no-store', 'cdn-cache-control': 'max-age=10000' }, 10)).toBe(true);
  });

  it('given CDN-Cache-Control no-store / private / no-cache with a fresh Cache-Control, then it is not reused', async () => {
    for (const v of ['no-store', 'private', 'no-cache']) {
      expect(await reusedAfter({ 'cache-control': 'max-age=10000', expires: 'Thu, 01 Jan 2099 00:00:00 GMT', 'cdn-cache-control': v }, 1), v).toBe(false);
    }
  });

  it('given CDN-Cache-Control, then Expires is ignored too (max-age=0 with a future Expires is stale)', async () => {
    expect(await reusedAfter({ 'cdn-cache-control': 'max-age=0', expires: 'Thu, 01 Jan 2099 00:00:00 GMT' }, 1)).toBe(false);
  });

  it('given an invalid Structured Field (bad syntax, string-typed max-age, decimal), then Cache-Control applies instead', async () => {
    for (const v of ['max-age=10000, &&&&&', 'max-age="10000"', 'max-age=10000.5', 'MaX-aGe=10000']) {
      expect(await reusedAfter({ 'cache-control': 'no-store', 'cdn-cache-control': v }, 1), v).toBe(false);
    }
  });

  it('given an Age larger than the CDN-Cache-Control max-age, then it is stale', async () => {
    expect(await reusedAfter({ 'cdn-cache-control': 'max-age=3600', age: '7200' }, 0)).toBe(false);
  });

  it('given CDN-Cache-Control, then the field itself is passed on downstream', async () => {
    const h = tierHarness(() => ({ headers: { 'cdn-cache-control': 'max-age=60' } }));
    expect((await h.get('/t')).headers['cdn-cache-control']).toBe('max-age=60');
  });
});

describe('Surrogate-Control (Edge Architecture 1.0), below CDN-Cache-Control', () => {
  it('given Surrogate-Control max-age, then it beats Cache-Control both ways', async () => {
    expect(await reusedAfter({ 'cache-control': 'max-age=1', 'surrogate-control': 'max-age=3600' }, 60)).toBe(true);
    expect(await reusedAfter({ 'cache-control': 'max-age=3600', 'surrogate-control': 'max-age=1' }, 2)).toBe(false);
  });

  it('given Surrogate-Control no-store with a fresh Cache-Control, then not stored', async () => {
    expect(await reusedAfter({ 'cache-control': 'max-age=10000', 'surrogate-control': 'no-store' }, 1)).toBe(false);
  });

  it('given both targeted fields, then CDN-Cache-Control wins', async () => {
    expect(await reusedAfter({ 'surrogate-control': 'max-age=1', 'cdn-cache-control': 'max-age=3600' }, 60)).toBe(true);
  });

  it('given a Surrogate-Control with no valid directive, then Cache-Control applies', async () => {
    expect(await reusedAfter({ 'cache-control': 'max-age=1', 'surrogate-control': 'max-age =100' }, 2)).toBe(false);
  });
});
