// RFC 5861 over real HTTP and real time: stale-while-revalidate answers at once and refreshes behind the scenes;
// stale-if-error covers a 500 and a dead origin within its window, and lets the error through after it.
import { afterEach, describe, expect, it } from 'vitest';
import { startCdn, type StartedCdn } from '../../targets/cdn/start-cdn.ts';
import { cdnRequest, sleep, until } from '../fixtures/cdn-client.ts';
import { startFixtureOrigin, type FixtureOrigin } from '../fixtures/cdn-origin.ts';

let origin: FixtureOrigin | undefined;
let cdn: StartedCdn | undefined;
afterEach(async () => {
  await cdn?.close();
  await origin?.close();
  cdn = origin = undefined;
});

describe('stale-while-revalidate', () => {
  it('given a stale response in the window, then it is served stale once, at once, and the next request is a fresh HIT', async () => {
    origin = await startFixtureOrigin();
    origin.route('/swr', (_req, n) => ({
      headers: { 'cache-control': n === 1 ? 'max-age=1, stale-while-revalidate=30' : 'max-age=60, stale-while-revalidate=30', etag: `"v${n}"` },
      body: `v${n}`,
      delayMs: n === 1 ? 0 : 400,
    }));
    cdn = await startCdn({ origin: origin.url, pops: ['eu'] });
    expect((await cdnRequest(cdn.url, '/swr')).cache).toBe('MISS');
    await sleep(1600);
    const stale = await cdnRequest(cdn.url, '/swr');
    expect(stale).toMatchObject({ cache: 'STALE', body: 'v1' });
    expect(stale.ms).toBeLessThan(300); // did not wait for the 400 ms refresh
    await until(() => origin!.count('/swr') === 2);
    await sleep(500);
    expect(await cdnRequest(cdn.url, '/swr')).toMatchObject({ cache: 'HIT', body: 'v2' });
    expect(origin.count('/swr')).toBe(2);
    expect(cdn.stats().pops.eu.backgroundRefreshes).toBe(1);
  });
});

describe('stale-if-error', () => {
  it('given the origin answers 500, then stale is served within the window and the 500 passes after it', async () => {
    origin = await startFixtureOrigin();
    origin.route('/sie', { headers: { 'cache-control': 'max-age=1, stale-if-error=2' }, body: 'good' });
    cdn = await startCdn({ origin: origin.url, pops: ['eu'] });
    await cdnRequest(cdn.url, '/sie');
    origin.mode = 'error500';
    await sleep(1500);
    expect(await cdnRequest(cdn.url, '/sie')).toMatchObject({ status: 200, cache: 'STALE', body: 'good' });
    await sleep(2700);
    expect(await cdnRequest(cdn.url, '/sie')).toMatchObject({ status: 500, cache: 'MISS' });
    expect(cdn.stats().pops.eu.staleIfError).toBe(1);
  });

  it('given the origin is down, then stale is served within the window and 502 after it', async () => {
    origin = await startFixtureOrigin();
    origin.route('/sie', { headers: { 'cache-control': 'max-age=1, stale-if-error=2' }, body: 'good' });
    cdn = await startCdn({ origin: origin.url, pops: ['eu'] });
    await cdnRequest(cdn.url, '/sie');
    await origin.down();
    await sleep(1500);
    expect(await cdnRequest(cdn.url, '/sie')).toMatchObject({ status: 200, cache: 'STALE', body: 'good' });
    await sleep(2700);
    expect((await cdnRequest(cdn.url, '/sie')).status).toBe(502);
    expect(cdn.stats().pops.eu.upstreamErrors).toBe(2);
  });
});
