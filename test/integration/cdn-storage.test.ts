// What the CDN keeps: a private response is never stored; a stream of distinct large responses stays within the byte bound.
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

describe('storage', () => {
  it('given a private response, then it is never stored, at a PoP or at the shield', async () => {
    origin = await startFixtureOrigin();
    origin.route('/me', (_req, n) => ({ headers: { 'cache-control': 'private, max-age=3600' }, body: `me#${n}` }));
    cdn = await startCdn({ origin: origin.url, pops: ['eu'], shield: true });
    for (let i = 1; i <= 5; i++) expect(await cdnRequest(cdn.url, '/me')).toMatchObject({ cache: 'MISS', body: `me#${i}` });
    const s = cdn.stats();
    expect(origin.count('/me')).toBe(5);
    expect([s.pops.eu.storedObjects, s.shield!.storedObjects]).toEqual([0, 0]);
    expect(s.pops.eu.notStored.private).toBe(5);
  });

  it('given a stream of distinct 20 KiB responses into a 256 KiB cache, then stored bytes never exceed the bound', async () => {
    origin = await startFixtureOrigin();
    const big = 'x'.repeat(20 * 1024);
    cdn = await startCdn({ origin: origin.url, pops: ['eu'], maxBytes: 256 * 1024 });
    for (let i = 0; i < 60; i++) {
      origin.route(`/big${i}`, { headers: { 'cache-control': 'public, max-age=3600' }, body: big });
      expect((await cdnRequest(cdn.url, `/big${i}`)).body.length).toBe(big.length);
      expect(cdn.stats().pops.eu.storedBytes).toBeLessThanOrEqual(256 * 1024);
    }
    const eu = cdn.stats().pops.eu;
    expect(eu.evictions).toBeGreaterThan(40);
    expect(eu.storedObjects).toBeGreaterThan(5);
    expect((await cdnRequest(cdn.url, '/big59')).cache).toBe('HIT');
    expect((await cdnRequest(cdn.url, '/big0')).cache).toBe('MISS');
  });

  it('given a response over the object limit, then it is served but not stored', async () => {
    origin = await startFixtureOrigin();
    origin.route('/huge', { headers: { 'cache-control': 'public, max-age=3600' }, body: 'y'.repeat(100_000) });
    cdn = await startCdn({ origin: origin.url, pops: ['eu'], maxBytes: 256 * 1024, maxObjectBytes: 64 * 1024 });
    expect((await cdnRequest(cdn.url, '/huge')).body.length).toBe(100_000);
    expect((await cdnRequest(cdn.url, '/huge')).cache).toBe('MISS');
    expect(cdn.stats().pops.eu.notStored['too-large']).toBe(2);
  });
});
