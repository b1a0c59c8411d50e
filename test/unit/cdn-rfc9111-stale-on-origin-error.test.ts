// RFC 9111 §4.2.4 serving stale while disconnected: with `--stale-on-origin-error` a stale stored response answers
// when the origin closes or refuses the connection, unless no-cache, must-revalidate, proxy-revalidate or s-maxage
// (without an explicit stale-while-revalidate/stale-if-error) forbid it. Off by default.
import { afterEach, describe, expect, it } from 'vitest';
import { parseCdnArgs } from '../../targets/cdn/cdn-args.ts';
import { cdnServerArgs } from '../../targets/cdn/cdn-launch-args.ts';
import { resolveCdnConfig, type CdnConfig } from '../../targets/cdn/cdn-config.ts';
import { startCdn, type StartedCdn } from '../../targets/cdn/start-cdn.ts';
import { cdnRequest, sleep } from '../fixtures/cdn-client.ts';
import { startFixtureOrigin, type FixtureOrigin } from '../fixtures/cdn-origin.ts';
import { tierHarness, type Reply } from '../fixtures/cdn-tier.ts';

/** Stores a response with `cacheControl`, lets it go 100 s stale, then the upstream fails with `failure`. */
async function afterFailure(cacheControl: string, staleOnOriginError: boolean, failure: Reply['error'] = 'refused') {
  const h = tierHarness((_req, n) => (n === 1 ? { headers: { 'cache-control': cacheControl, etag: '"s"' }, body: 'stored' } : { error: failure }), { staleOnOriginError });
  await h.get('/s');
  h.advance(101);
  return { answer: await h.get('/s'), counters: h.tier.counters };
}

describe('RFC 9111 §4.2.4 stale while the origin is unreachable (tier rules)', () => {
  it('given the setting on and a refused connection, then the stale response answers (STALE), counted as served on upstream failure', async () => {
    const { answer, counters } = await afterFailure('max-age=1', true);
    expect(answer).toMatchObject({ status: 200, cache: 'STALE', body: 'stored' });
    expect(Number(answer.headers.age)).toBeGreaterThanOrEqual(100);
    expect(counters).toMatchObject({ stale: 1, staleIfError: 1 });
  });

  it('given the setting off (the default), then the refused connection is a 502', async () => {
    expect((await afterFailure('max-age=1', false)).answer).toMatchObject({ status: 502, cache: 'MISS' });
  });

  it.each(['max-age=1, must-revalidate', 'max-age=1, proxy-revalidate', 'max-age=1, no-cache', 's-maxage=1', 'max-age=600, s-maxage=1'])(
    'given %s, then stale is forbidden even with the setting on: 502',
    async (cc) => {
      expect((await afterFailure(cc, true)).answer).toMatchObject({ status: 502, cache: 'MISS' });
    },
  );

  it('given s-maxage with an explicit stale-while-revalidate (the origin permits stale), then the setting applies', async () => {
    expect((await afterFailure('s-maxage=1, stale-while-revalidate=5', true)).answer).toMatchObject({ status: 200, cache: 'STALE' });
  });

  it('given the origin times out (not disconnected), then 504 even with the setting on', async () => {
    expect((await afterFailure('max-age=1', true, 'timeout')).answer).toMatchObject({ status: 504 });
  });
});

describe('--stale-on-origin-error with an origin that closes the connection without answering', () => {
  let origin: FixtureOrigin | undefined;
  let cdn: StartedCdn | undefined;
  afterEach(async () => {
    await cdn?.close();
    await origin?.close();
    cdn = origin = undefined;
  });

  it.each([
    [true, 200, 'STALE'],
    [false, 502, 'MISS'],
  ])('given stale-on-origin-error=%s, then the stale response gets %i %s', async (on, status, cache) => {
    origin = await startFixtureOrigin();
    origin.route('/gone', { headers: { 'cache-control': 'max-age=1', etag: '"g"' }, body: 'last good' });
    cdn = await startCdn({ origin: origin.url, pops: ['eu'], ...(on ? { staleOnOriginError: true } : {}) });
    expect((await cdnRequest(cdn.url, '/gone')).cache).toBe('MISS');
    origin.mode = 'reset';
    await sleep(1200);
    const r = await cdnRequest(cdn.url, '/gone');
    expect(r).toMatchObject({ status, cache });
    if (on) expect(r.body).toBe('last good');
    expect(origin.count('/gone')).toBe(2);
  });
});

describe('the setting as a flag', () => {
  it('is off by default, on with --stale-on-origin-error, and built by cdnServerArgs', () => {
    expect(resolveCdnConfig({ origin: 'http://x:1' }).staleOnOriginError).toBe(false);
    const c = parseCdnArgs(['--origin', 'http://x:1', '--stale-on-origin-error']) as CdnConfig;
    expect(resolveCdnConfig(c).staleOnOriginError).toBe(true);
    expect(cdnServerArgs({ origin: 'http://x:1', staleOnOriginError: true })).toContain('--stale-on-origin-error');
    expect(cdnServerArgs({ origin: 'http://x:1' })).not.toContain('--stale-on-origin-error');
  });
});
