// RFC 9111 §4.4 (invalidation): a non-error response to an unsafe method invalidates the target URI, Location and
// Content-Location (same origin only).
import { describe, expect, it } from 'vitest';
import { tierHarness } from '../fixtures/cdn-tier.ts';

function harness(unsafeStatus = 200, unsafeHeaders: Record<string, string> = {}) {
  return tierHarness((req) =>
    req.method === 'GET' ? { headers: { 'cache-control': 'max-age=3600' } } : { status: unsafeStatus, headers: unsafeHeaders },
  );
}

describe('RFC 9111 §4.4 invalidation', () => {
  it.each(['POST', 'PUT', 'DELETE', 'PATCH', 'M-SEARCH'])('given a successful %s, then the stored target URI is invalidated', async (method) => {
    const h = harness();
    await h.get('/t');
    expect((await h.request(method, '/t')).cache).toBe('BYPASS');
    expect((await h.get('/t')).cache).toBe('MISS');
    expect(h.tier.counters.invalidated).toBe(1);
  });

  it('given a failed unsafe request (500), then the stored response stays', async () => {
    const h = harness(500);
    await h.get('/t');
    await h.request('POST', '/t');
    expect((await h.get('/t')).cache).toBe('HIT');
  });

  it('given Location and Content-Location on the same origin, then they are invalidated too; another host is not', async () => {
    const h = harness(201, { location: '/loc', 'content-location': 'http://cdn.test/cl' });
    for (const u of ['/loc', '/cl', '/t']) await h.get(u);
    await h.request('POST', '/t');
    expect((await h.get('/loc')).cache).toBe('MISS');
    expect((await h.get('/cl')).cache).toBe('MISS');
    const foreign = harness(201, { location: 'http://elsewhere.test/x' });
    await foreign.get('/x');
    await foreign.request('POST', '/t');
    expect((await foreign.get('/x')).cache).toBe('HIT');
  });

  it('given a safe method other than GET/HEAD (OPTIONS), then nothing is invalidated', async () => {
    const h = harness();
    await h.get('/t');
    await h.request('OPTIONS', '/t');
    expect((await h.get('/t')).cache).toBe('HIT');
  });

  it('given an unsafe request, then its body and method reach the upstream unchanged', async () => {
    const h = harness();
    await h.tier.handle({ method: 'PUT', url: '/t', headers: { host: 'cdn.test' }, body: Buffer.from('abc') });
    expect(h.calls[0]).toMatchObject({ method: 'PUT', path: '/t' });
    expect(h.calls[0].body?.toString()).toBe('abc');
  });
});
