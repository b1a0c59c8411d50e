// Purge over real HTTP: by surrogate key across every PoP and the shield, by URL, soft purge, and the token check.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCdn, type StartedCdn } from '../../targets/cdn/start-cdn.ts';
import { cdnRequest, sleep, until } from '../fixtures/cdn-client.ts';
import { startFixtureOrigin, type FixtureOrigin } from '../fixtures/cdn-origin.ts';

const REGIONS = ['eu', 'us', 'ap'];
const TOKEN = 'purge-secret';
let origin: FixtureOrigin;
let cdn: StartedCdn;

beforeEach(async () => {
  origin = await startFixtureOrigin();
  for (const code of ['p1', 'p2']) {
    origin.route(`/${code}`, (_req, n) => ({ status: 302, headers: { location: `https://example.com/${code}`, 'cache-control': 'public, max-age=60, s-maxage=3600', 'surrogate-key': `link-${code} links` }, body: `${code}#${n}` }));
  }
  origin.route('/soft', (_req, n) => ({ headers: { 'cache-control': 'public, s-maxage=3600, stale-while-revalidate=30', etag: `"s${n}"`, 'surrogate-key': 'soft' }, body: `soft#${n}` }));
  cdn = await startCdn({ origin: origin.url, pops: REGIONS, shield: true, purgeToken: TOKEN });
});
afterEach(async () => {
  await cdn.close();
  await origin.close();
});

const purge = (body: unknown, token: string | null = TOKEN) =>
  cdnRequest(cdn.url, '/__cdn/purge', { method: 'POST', body: JSON.stringify(body), headers: token === null ? {} : { authorization: `Bearer ${token}` } });

async function warmEverywhere(path: string): Promise<void> {
  for (const region of REGIONS) await cdnRequest(cdn.url, path, { region });
  for (const region of REGIONS) expect((await cdnRequest(cdn.url, path, { region })).cache).toBe('HIT');
}

describe('purge', () => {
  it('given a link cached at every PoP and the shield, when its surrogate key is purged, then every PoP misses and the origin refills once', async () => {
    await warmEverywhere('/p1');
    await warmEverywhere('/p2');
    expect(origin.count('/p1')).toBe(1);
    const r = await purge({ keys: ['link-p1'] });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ keys: 1, responses: 4, byTier: { shield: 1, eu: 1, us: 1, ap: 1 } });
    const after = [];
    for (const region of REGIONS) after.push(await cdnRequest(cdn.url, '/p1', { region }));
    expect(after.map((a) => a.cache)).toEqual(['MISS', 'MISS', 'MISS']);
    expect(after[0].shield).toBe('MISS');
    expect(origin.count('/p1')).toBe(2);
    for (const region of REGIONS) expect((await cdnRequest(cdn.url, '/p2', { region })).cache).toBe('HIT');
  });

  it('given a key shared by several links, then one purge removes all of them', async () => {
    await warmEverywhere('/p1');
    await warmEverywhere('/p2');
    expect(JSON.parse((await purge({ keys: ['links'] })).body).responses).toBe(8);
    expect((await cdnRequest(cdn.url, '/p2', { region: 'us' })).cache).toBe('MISS');
  });

  it('given a purge by URL (path or absolute URL), then that URL misses everywhere', async () => {
    await warmEverywhere('/p2');
    expect(JSON.parse((await purge({ urls: ['http://cdn.example/p2'] })).body).responses).toBe(4);
    expect((await cdnRequest(cdn.url, '/p2', { region: 'ap' })).cache).toBe('MISS');
  });

  it('given a soft purge, then the next request is served stale at once and refreshed in the background', async () => {
    await warmEverywhere('/soft');
    expect(JSON.parse((await purge({ keys: ['soft'], soft: true })).body)).toMatchObject({ soft: true, responses: 4 });
    expect(await cdnRequest(cdn.url, '/soft', { region: 'eu' })).toMatchObject({ cache: 'STALE', body: 'soft#1' });
    // The PoP's refresh reaches the shield while the shield itself still serves stale (and refreshes from the origin):
    // the PoP gets the old copy marked stale (Age past its lifetime), so the fresh one arrives one round later.
    await until(() => origin.count('/soft') === 2);
    let last = await cdnRequest(cdn.url, '/soft', { region: 'eu' });
    for (let i = 0; i < 5 && last.cache !== 'HIT'; i++) {
      expect(last.cache).toBe('STALE');
      await sleep(50);
      last = await cdnRequest(cdn.url, '/soft', { region: 'eu' });
    }
    expect(last).toMatchObject({ cache: 'HIT', body: 'soft#2' });
    expect(origin.count('/soft')).toBe(2);
  });

  it('given no token or a wrong one, then 401 and nothing is purged; bad bodies are 400, other methods 405', async () => {
    await warmEverywhere('/p1');
    const none = await purge({ keys: ['link-p1'] }, null);
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    expect((await purge({ keys: ['link-p1'] }, 'wrong')).status).toBe(401);
    expect((await cdnRequest(cdn.url, '/p1', { region: 'eu' })).cache).toBe('HIT');
    expect((await purge({ keys: [] })).status).toBe(400);
    expect((await purge('not an object')).status).toBe(400);
    expect((await cdnRequest(cdn.url, '/__cdn/purge')).status).toBe(405);
  });

  it('keeps Surrogate-Key away from clients (the CDN uses it, clients never see it)', async () => {
    const r = await cdnRequest(cdn.url, '/p1');
    expect(r.headers['surrogate-key']).toBeUndefined();
    expect(r.headers.location).toBe('https://example.com/p1');
  });
});
