// The client-facing server: region → PoP routing, X-Cache / X-Cache-Pop / Age, HEAD, unsafe methods through the CDN,
// and the /__cdn endpoints (healthz, stats with the emulated list, Prometheus metrics).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePromText, sumMetric } from '../../harness/measure/prom-text.ts';
import { startCdn, type StartedCdn } from '../../targets/cdn/start-cdn.ts';
import { cdnRequest } from '../fixtures/cdn-client.ts';
import { startFixtureOrigin, type FixtureOrigin } from '../fixtures/cdn-origin.ts';

let origin: FixtureOrigin;
let cdn: StartedCdn;
beforeAll(async () => {
  origin = await startFixtureOrigin();
  origin.route('/abc1234', (req) =>
    req.method === 'DELETE'
      ? { status: 204 }
      : { status: 302, headers: { location: 'https://example.com/', 'cache-control': 'public, max-age=60, s-maxage=3600', etag: '"1.x"', 'surrogate-key': 'link-abc1234' } },
  );
  cdn = await startCdn({ origin: origin.url, pops: ['eu', 'us'], regionRttMs: { eu: 1 }, regionPop: { af: 'eu' }, defaultPop: 'us' });
});
afterAll(async () => {
  await cdn.close();
  await origin.close();
});

describe('HTTP front', () => {
  it('routes by x-client-region: PoP names, mapped regions, and the default PoP for unknown or missing regions', async () => {
    expect((await cdnRequest(cdn.url, '/r1', { region: 'eu' })).pop).toBe('eu');
    expect((await cdnRequest(cdn.url, '/r1', { region: 'af' })).pop).toBe('eu');
    expect((await cdnRequest(cdn.url, '/r1', { region: 'mars' })).pop).toBe('us');
    expect((await cdnRequest(cdn.url, '/r1')).pop).toBe('us');
    const regions = cdn.stats().regions;
    expect(regions.af).toMatchObject({ pop: 'eu', requests: 1 });
    expect(regions.default.requests).toBe(2);
  });

  it('serves a redirect with its Location, Age and X-Cache; a HEAD from the store has no body', async () => {
    const miss = await cdnRequest(cdn.url, '/abc1234', { region: 'eu' });
    expect(miss).toMatchObject({ status: 302, cache: 'MISS', pop: 'eu' });
    expect(miss.headers.location).toBe('https://example.com/');
    const hit = await cdnRequest(cdn.url, '/abc1234', { region: 'eu' });
    expect(hit.cache).toBe('HIT');
    expect(hit.headers.age).toBeDefined();
    const head = await cdnRequest(cdn.url, '/abc1234', { region: 'eu', method: 'HEAD' });
    expect(head).toMatchObject({ status: 302, cache: 'HIT', body: '' });
  });

  it('passes an unsafe request through (BYPASS) and invalidates what that PoP stored for the URL', async () => {
    await cdnRequest(cdn.url, '/abc1234', { region: 'eu' });
    const del = await cdnRequest(cdn.url, '/abc1234', { region: 'eu', method: 'DELETE' });
    expect(del).toMatchObject({ status: 204, cache: 'BYPASS' });
    expect((await cdnRequest(cdn.url, '/abc1234', { region: 'eu' })).cache).toBe('MISS');
  });

  it('answers /__cdn/healthz, /__cdn/stats and /__cdn/metrics itself', async () => {
    expect((await cdnRequest(cdn.url, '/__cdn/healthz')).body).toBe('ok\n');
    const stats = JSON.parse((await cdnRequest(cdn.url, '/__cdn/stats')).body);
    expect(stats.schema).toBe('scaleladder-cdn-stats/1');
    expect(stats.emulated.length).toBeGreaterThan(0);
    expect(Object.keys(stats.pops)).toEqual(['eu', 'us']);
    const prom = parsePromText((await cdnRequest(cdn.url, '/__cdn/metrics')).body);
    expect(sumMetric(prom, 'scaleladder_cdn_hits_total', { pop: 'eu' })).toBe(stats.pops.eu.hits);
    expect(sumMetric(prom, 'scaleladder_cdn_requests_total')).toBe(stats.totals.requests);
    expect(sumMetric(prom, 'scaleladder_cdn_origin_requests_total')).toBe(origin.count());
    expect((await cdnRequest(cdn.url, '/__cdn/nope')).status).toBe(404);
  });
});
