// RFC 9110 §14 range requests against the shared cache (RFC 9111 §3.4): one byte range of a stored full 200 is answered
// 206 with Content-Range from the store; what the store cannot satisfy goes upstream; a 206 is never stored.
import { describe, expect, it } from 'vitest';
import { startCdn } from '../../targets/cdn/start-cdn.ts';
import { cdnRequest } from '../fixtures/cdn-client.ts';
import { startFixtureOrigin } from '../fixtures/cdn-origin.ts';
import { tierHarness } from '../fixtures/cdn-tier.ts';

const BODY = '0123456789';

/** A tier with BODY stored as a fresh 200; upstream range requests get a 206 from the scripted origin. */
async function stored() {
  const h = tierHarness((req) =>
    req.headers.range !== undefined
      ? { status: 206, headers: { 'content-range': 'bytes 0-0/10', 'cache-control': 'max-age=600' }, body: '0' }
      : { headers: { 'cache-control': 'max-age=600', etag: '"r1"', 'content-type': 'text/plain', 'x-origin': 'yes' }, body: BODY },
  );
  await h.get('/r');
  return h;
}

describe('RFC 9110 §14.2 a single byte range of a stored 200 (RFC 9111 §3.4)', () => {
  it.each([
    ['bytes=2-5', '2345', 'bytes 2-5/10'],
    ['bytes=7-', '789', 'bytes 7-9/10'],
    ['bytes=-3', '789', 'bytes 7-9/10'],
    ['bytes=5-100', '56789', 'bytes 5-9/10'],
    ['bytes=-100', BODY, 'bytes 0-9/10'],
    ['Bytes = 0-0', '0', 'bytes 0-0/10'],
  ])('given Range: %s, then 206 %j with Content-Range %s, from the store', async (range, body, contentRange) => {
    const h = await stored();
    const r = await h.get('/r', { range });
    expect(r).toMatchObject({ status: 206, body, cache: 'HIT' });
    expect(r.headers['content-range']).toBe(contentRange);
    // The stored header fields go with it (RFC 9110 §15.3.7: ETag, Cache-Control, Date, …).
    expect(r.headers).toMatchObject({ etag: '"r1"', 'cache-control': 'max-age=600', 'content-type': 'text/plain', 'x-origin': 'yes' });
    expect(h.calls).toHaveLength(1);
  });

  it('given a client If-None-Match that matches, then 304 (preconditions before Range, RFC 9110 §13.2.2)', async () => {
    const h = await stored();
    expect((await h.get('/r', { range: 'bytes=0-1', 'if-none-match': '"r1"' })).status).toBe(304);
  });
});

describe('RFC 9110 §14.2 ranges the store cannot satisfy go upstream', () => {
  it.each([
    ['several ranges', { range: 'bytes=0-1,4-5' }],
    ['beyond the end', { range: 'bytes=20-30' }],
    ['another unit', { range: 'items=0-1' }],
    ['last before first', { range: 'bytes=5-2' }],
    ['If-Range', { range: 'bytes=0-1', 'if-range': '"r1"' }],
  ])('given %s, then the request is passed upstream with its Range (BYPASS)', async (_why, headers) => {
    const h = await stored();
    const r = await h.get('/r', headers);
    expect(r.cache).toBe('BYPASS');
    expect(h.calls).toHaveLength(2);
    expect(h.calls[1].headers.range).toBe(headers.range);
  });

  it('given a Range request for a URL not in the store, then it is passed upstream and the 206 is not stored', async () => {
    const h = tierHarness((req) =>
      req.headers.range !== undefined
        ? { status: 206, headers: { 'content-range': 'bytes 0-0/10', 'cache-control': 'max-age=600' }, body: '0' }
        : { headers: { 'cache-control': 'max-age=600' }, body: BODY },
    );
    expect(await h.get('/m', { range: 'bytes=0-0' })).toMatchObject({ status: 206, body: '0' });
    expect(h.tier.store.objects).toBe(0);
    expect(await h.get('/m')).toMatchObject({ status: 200, body: BODY, cache: 'MISS' });
    expect(await h.get('/m', { range: 'bytes=1-2' })).toMatchObject({ status: 206, body: '12', cache: 'HIT' });
    expect(h.calls).toHaveLength(2);
  });
});

describe('RFC 9110 §14.4 Content-Range and framing over HTTP', () => {
  it('given a stored 200, then a range request gets 206, Content-Range, the slice length as Content-Length, and Age', async () => {
    const origin = await startFixtureOrigin();
    origin.route('/big', { headers: { 'cache-control': 'max-age=600', etag: '"b"' }, body: 'abcdefghijklmnopqrstuvwxyz' });
    const cdn = await startCdn({ origin: origin.url, pops: ['eu'] });
    try {
      await cdnRequest(cdn.url, '/big');
      const r = await cdnRequest(cdn.url, '/big', { headers: { range: 'bytes=10-14' } });
      expect(r).toMatchObject({ status: 206, body: 'klmno', cache: 'HIT' });
      expect(r.headers).toMatchObject({ 'content-range': 'bytes 10-14/26', 'content-length': '5', etag: '"b"' });
      expect(r.headers.age).toBeDefined();
      expect(origin.count('/big')).toBe(1);
      // The full response is still served whole afterwards.
      expect(await cdnRequest(cdn.url, '/big')).toMatchObject({ status: 200, body: 'abcdefghijklmnopqrstuvwxyz', cache: 'HIT' });
    } finally {
      await cdn.close();
      await origin.close();
    }
  });
});
