// The stage-1 HTTP API against a real server on port 0, on both backends (a temp SQLite file; a fresh database on this
// file's PostgreSQL) and on PostgreSQL shards (two fresh databases as two shards): every behaviour and bad input, the
// same answers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCode } from '../../targets/app/codegen.ts';
import type { AppConfig } from '../../targets/app/config.ts';
import { startApp, type StartedApp } from '../../targets/app/start-app.ts';
import { BACKENDS, freshDatabase, stopFilePostgres } from '../fixtures/pg-for-file.ts';

afterAll(stopFilePostgres);

describe.each([...BACKENDS, 'pg-shards'] as const)('on %s', (backend) => {
  const TOKEN = 'test-admin-token-123';
  const dir = mkdtempSync(join(tmpdir(), `scaleladder-app-api-${backend}-`));
  let app: StartedApp;
  let store: Partial<AppConfig>;
  const deleted: string[] = [];

  beforeAll(async () => {
    store =
      backend === 'sqlite'
        ? { dbPath: join(dir, 'links.sqlite') }
        : backend === 'postgres'
          ? { pgUrl: (await freshDatabase('api')).url }
          : { pgShardUrls: [(await freshDatabase('api_s0')).url, (await freshDatabase('api_s1')).url] };
    app = await startApp({
      ...store,
      adminToken: TOKEN,
      instanceId: 'a1',
      onDelete: (code) => {
        deleted.push(code);
      },
    });
  });

  afterAll(async () => {
    await app?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function post(body: string | object, headers: Record<string, string> = { 'content-type': 'application/json' }) {
    const res = await fetch(`${app.url}/api/links`, {
      method: 'POST',
      headers,
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { res, json: (await res.json()) as Record<string, unknown> };
  }

  async function create(url: string, code?: string): Promise<string> {
    const { res, json } = await post(code === undefined ? { url } : { url, code });
    expect(res.status).toBe(201);
    return json.code as string;
  }

  const get = (path: string, init: RequestInit = {}) => fetch(`${app.url}${path}`, { redirect: 'manual', ...init });

  async function expectJsonError(res: Response, status: number): Promise<string> {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as { error?: unknown };
    expect(typeof body.error).toBe('string');
    expect((body.error as string).length).toBeGreaterThan(0);
    return body.error as string;
  }

  describe('POST /api/links', () => {
    it('given an https url, when posted, then 201 with a 7-char generated code, the url and a shortUrl', async () => {
      const { res, json } = await post({ url: 'https://example.org/some/page?q=1' });
      expect(res.status).toBe(201);
      expect(json.code).toMatch(/^[0-9A-Za-z]{7}$/);
      expect(decodeCode(json.code)).not.toBeNull();
      expect(json.url).toBe('https://example.org/some/page?q=1');
      expect(json.shortUrl).toBe(`${app.url}/${json.code}`);
      expect(res.headers.get('location')).toBe(`/api/links/${json.code}`);
      expect(res.headers.get('x-upstream')).toBe('a1');
      expect(res.headers.get('x-powered-by')).toBeNull();
    });

    it('given two creates, when posted, then the codes differ', async () => {
      const a = await create('http://example.org/a');
      const b = await create('http://example.org/b');
      expect(a).not.toBe(b);
    });

    it('given a free custom code, when posted, then 201 with that code; given it again, then 409', async () => {
      expect(await create('https://example.org/custom', 'my-custom_1')).toBe('my-custom_1');
      const again = await post({ url: 'https://example.org/other', code: 'my-custom_1' });
      expect(again.res.status).toBe(409);
      expect(again.json.error).toMatch(/taken/);
    });

    it.each([
      ['too short', 'ab'],
      ['too long', 'x'.repeat(33)],
      ['a space', 'has space'],
      ['a dot', 'dot.ted'],
      ['a slash', 'a/b/c'],
      ['non-ASCII', 'ümlaut'],
      ['the shape of a generated code', 'Abc1234'],
      ['a reserved route word', 'healthz'],
      ['a number instead of a string', 12345],
    ])('given a custom code with %s, when posted, then 400 JSON', async (_what, code) => {
      const { res, json } = await post({ url: 'https://example.org/x', code });
      expect(res.status).toBe(400);
      expect(typeof json.error).toBe('string');
    });

    it.each([
      ['ftp scheme', 'ftp://example.org/file'],
      ['javascript:', 'javascript:alert(1)'],
      ['javascript: with http inside', 'javascript://http://example.org/%0Aalert(1)'],
      ['data:', 'data:text/html,<script>alert(1)</script>'],
      ['relative path', '/just/a/path'],
      ['scheme-relative', '//example.org/x'],
      ['no scheme', 'example.org/x'],
      ['no host', 'http://'],
      ['a control character', 'https://example.org/a\u0001b'],
      ['a newline (header injection)', 'https://example.org/a\r\nSet-Cookie: x=1'],
      ['a space', 'https://example.org/a b'],
      ['a non-breaking space', 'https://example.org/a\u00a0b'],
      ['credentials', 'https://user:pass@example.org/'],
      ['more than 2048 bytes', `https://example.org/${'a'.repeat(2048)}`],
      ['more than 2048 bytes in UTF-8 though fewer chars', `https://example.org/${'é'.repeat(1100)}`],
      ['an empty string', ''],
      ['a number', 42],
      ['null', null],
    ])('given a url with %s, when posted, then 400 JSON', async (_what, url) => {
      const { res, json } = await post({ url });
      expect(res.status).toBe(400);
      expect(typeof json.error).toBe('string');
    });

    it('given a url of exactly 2048 bytes, when posted, then 201', async () => {
      const prefix = 'https://example.org/';
      const url = prefix + 'a'.repeat(2048 - prefix.length);
      const { res, json } = await post({ url });
      expect(res.status).toBe(201);
      expect(json.url).toBe(url);
    });

    it('given a body without url, when posted, then 400 JSON', async () => {
      expect((await post({ href: 'https://example.org' })).res.status).toBe(400);
    });

    it.each([
      ['truncated JSON', '{"url": "https://example.org"'],
      ['not JSON at all', 'url=https://example.org'],
      ['a JSON array', '["https://example.org"]'],
      ['JSON null', 'null'],
      ['a JSON string', '"https://example.org"'],
      ['an empty body', ''],
    ])('given %s, when posted, then 400 JSON', async (_what, body) => {
      const res = await fetch(`${app.url}/api/links`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      await expectJsonError(res, 400);
    });

    it('given a body over 8 KiB, when posted, then 413 JSON', async () => {
      const res = await fetch(`${app.url}/api/links`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url: 'https://example.org/', pad: 'x'.repeat(9000) }),
      });
      expect(await expectJsonError(res, 413)).toMatch(/8192 bytes/);
    });

    it('given a body of 8 KiB with a valid url, when posted, then it is accepted', async () => {
      const base = JSON.stringify({ url: 'https://example.org/', pad: '' });
      const body = JSON.stringify({ url: 'https://example.org/', pad: 'x'.repeat(8192 - base.length) });
      expect(Buffer.byteLength(body)).toBe(8192);
      const res = await fetch(`${app.url}/api/links`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(res.status).toBe(201);
    });

    it.each([
      ['text/plain', { 'content-type': 'text/plain' }],
      ['form encoding', { 'content-type': 'application/x-www-form-urlencoded' }],
      ['no content type', {} as Record<string, string>],
    ])('given %s, when posted, then 415 JSON', async (_what, headers) => {
      const res = await fetch(`${app.url}/api/links`, { method: 'POST', headers, body: JSON.stringify({ url: 'https://example.org' }) });
      await expectJsonError(res, 415);
    });

    it('given JSON with a charset parameter, when posted, then it is accepted', async () => {
      const { res } = await post({ url: 'https://example.org/cs' }, { 'content-type': 'application/json; charset=utf-8' });
      expect(res.status).toBe(201);
    });

    it('given arbitrary url strings and codes, when posted, then the answer is 201, 400 or 409 and never a 5xx', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.string({ unit: 'binary' }), fc.constant('http://[::1]:99999/')),
          fc.option(fc.oneof(fc.string(), fc.stringMatching(/^[A-Za-z0-9_-]{3,10}$/)), { nil: undefined }),
          async (url, code) => {
            const { res } = await post(code === undefined ? { url } : { url, code });
            expect([201, 400, 409]).toContain(res.status);
          },
        ),
        { numRuns: 150 },
      );
    });
  });

  describe('GET /:code', () => {
    it('given a link, when its code is requested, then 302 with Location, Cache-Control, ETag, Surrogate-Key and X-Upstream', async () => {
      const code = await create('https://example.org/target');
      const res = await get(`/${code}`);
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe('https://example.org/target');
      expect(res.headers.get('cache-control')).toBe('private, max-age=0');
      expect(res.headers.get('etag')).toMatch(/^"[0-9a-z]+\.[0-9a-z]+"$/);
      expect(res.headers.get('surrogate-key')).toBe(`link-${code}`);
      expect(res.headers.get('x-upstream')).toBe('a1');
      expect(await res.text()).toBe('');
    });

    it('given a query string on the short url, when requested, then it still redirects', async () => {
      const code = await create('https://example.org/q');
      const res = await get(`/${code}?utm_source=test`);
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe('https://example.org/q');
    });

    it('given a custom code, when requested, then it redirects', async () => {
      await create('https://example.org/custom-target', 'promo-2024');
      const res = await get('/promo-2024');
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe('https://example.org/custom-target');
    });

    it('given two GETs and one HEAD, when metadata is read, then clicks is 2 (HEAD is not a click)', async () => {
      const code = await create('https://example.org/clicked');
      await get(`/${code}`);
      await get(`/${code}`);
      const head = await get(`/${code}`, { method: 'HEAD' });
      expect(head.status).toBe(302);
      const meta = (await (await get(`/api/links/${code}`)).json()) as { clicks: number };
      expect(meta.clicks).toBe(2);
    });

    it('given an unknown code, when requested, then 404 JSON with a short public Cache-Control', async () => {
      const res = await get('/zzzzzzz');
      await expectJsonError(res, 404);
      expect(res.headers.get('cache-control')).toBe('public, max-age=5');
      expect(res.headers.get('x-upstream')).toBe('a1');
    });

    it('given paths that cannot be codes, when requested, then 404 JSON', async () => {
      for (const path of ['/ab', '/a.b.c', '/abc/def', '/%41bc', `/${'x'.repeat(40)}`, '/HEALTHZ']) {
        await expectJsonError(await get(path), 404);
      }
    });

    it('given a code path with another method, when requested, then 405 JSON with Allow', async () => {
      const res = await get('/abcdefg', { method: 'POST' });
      await expectJsonError(res, 405);
      expect(res.headers.get('allow')).toBe('GET, HEAD');
    });
  });

  describe('GET /api/links/:code', () => {
    it('given a link, when its metadata is read, then 200 JSON with code, url, shortUrl, createdAt, clicks and a weak ETag', async () => {
      const code = await create('https://example.org/meta');
      const res = await get(`/api/links/${code}`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as Record<string, unknown>;
      expect(body).toMatchObject({ code, url: 'https://example.org/meta', shortUrl: `${app.url}/${code}`, clicks: 0 });
      expect(Number.isNaN(Date.parse(body.createdAt as string))).toBe(false);
      expect(res.headers.get('etag')).toMatch(/^W\/"/);
      expect(res.headers.get('cache-control')).toBe('no-cache');
    });

    it('given the ETag, when read again with If-None-Match, then 304 with no body, also after a click', async () => {
      const code = await create('https://example.org/etag');
      const etag = (await get(`/api/links/${code}`)).headers.get('etag')!;
      const res = await get(`/api/links/${code}`, { headers: { 'if-none-match': etag } });
      expect(res.status).toBe(304);
      expect(res.headers.get('etag')).toBe(etag);
      expect(await res.text()).toBe('');
      await get(`/${code}`);
      const afterClick = await get(`/api/links/${code}`);
      expect(afterClick.headers.get('etag')).toBe(etag);
      expect(((await afterClick.json()) as { clicks: number }).clicks).toBe(1);
      expect((await get(`/api/links/${code}`, { headers: { 'if-none-match': `"other", ${etag}` } })).status).toBe(304);
      expect((await get(`/api/links/${code}`, { headers: { 'if-none-match': '"other"' } })).status).toBe(200);
    });

    it('given different links, when their metadata is read, then their ETags differ', async () => {
      const a = await create('https://example.org/same');
      const b = await create('https://example.org/same');
      expect((await get(`/api/links/${a}`)).headers.get('etag')).not.toBe((await get(`/api/links/${b}`)).headers.get('etag'));
    });

    it('given an unknown or malformed code, when read, then a 4xx JSON, never a 500', async () => {
      await expectJsonError(await get('/api/links/zzzzzzz'), 404);
      await expectJsonError(await get('/api/links/a.b'), 404);
      const bad = await get('/api/links/%E0%A4%A');
      expect(bad.status).toBeGreaterThanOrEqual(400);
      expect(bad.status).toBeLessThan(500);
    });

    it('given another method on a link path, when requested, then 405 JSON with Allow', async () => {
      const res = await get('/api/links/abcdefg', { method: 'PUT' });
      await expectJsonError(res, 405);
      expect(res.headers.get('allow')).toBe('GET, HEAD, DELETE');
      const list = await get('/api/links');
      await expectJsonError(list, 405);
      expect(list.headers.get('allow')).toBe('POST');
    });
  });

  describe('DELETE /api/links/:code', () => {
    const del = (code: string, authorization?: string) =>
      get(`/api/links/${code}`, { method: 'DELETE', headers: authorization === undefined ? {} : { authorization } });

    it('given no token, when deleting, then 401 JSON with WWW-Authenticate, and the link stays', async () => {
      const code = await create('https://example.org/keep');
      const res = await del(code);
      await expectJsonError(res, 401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect((await get(`/${code}`)).status).toBe(302);
    });

    it('given a wrong token, when deleting, then 403 JSON, and the link stays', async () => {
      const code = await create('https://example.org/keep2');
      await expectJsonError(await del(code, 'Bearer wrong-token'), 403);
      await expectJsonError(await del(code, `Bearer ${TOKEN}x`), 403);
      await expectJsonError(await del(code, TOKEN), 401);
      expect((await get(`/${code}`)).status).toBe(302);
    });

    it('given the admin token, when deleting, then 204, the hook saw the code, and the link is gone everywhere', async () => {
      const code = await create('https://example.org/gone');
      const res = await del(code, `Bearer ${TOKEN}`);
      expect(res.status).toBe(204);
      expect(deleted).toContain(code);
      await expectJsonError(await get(`/${code}`), 404);
      await expectJsonError(await get(`/api/links/${code}`), 404);
      await expectJsonError(await del(code, `Bearer ${TOKEN}`), 404);
    });

    it('given a deleted generated code, when a new link is created, then the old code is not reused', async () => {
      const code = await create('https://example.org/old');
      expect((await del(code, `Bearer ${TOKEN}`)).status).toBe(204);
      const next = await create('https://example.org/new');
      expect(next).not.toBe(code);
      expect(decodeCode(next)).toBeGreaterThan(decodeCode(code)!);
    });

    it('given a deleted custom code, when created again, then it is free again', async () => {
      await create('https://example.org/v1', 'reusable');
      expect((await del('reusable', `Bearer ${TOKEN}`)).status).toBe(204);
      await create('https://example.org/v2', 'reusable');
      expect((await get('/reusable')).headers.get('location')).toBe('https://example.org/v2');
    });
  });

  describe('ops endpoints and fallbacks', () => {
    it('given an open DB, when /healthz is read, then 200 {ok:true}', async () => {
      const res = await get('/healthz');
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ok: true });
      expect(res.headers.get('x-upstream')).toBe('a1');
    });

    it('given garbage collections, when /metrics is read, then it counts their pauses and the longest one, and ?reset=1 clears the longest', async () => {
      const before = parsePrometheus(await (await get('/metrics')).text());
      // Allocate well past the young generation so V8 must collect (scavenges at least) while the observer listens.
      let keep = 0;
      for (let i = 0; i < 40; i++) keep += new Array(500_000).fill(i).length;
      expect(keep).toBe(20_000_000);
      await new Promise((r) => setTimeout(r, 50)); // GC entries reach the observer asynchronously
      const after = parsePrometheus(await (await get('/metrics?reset=1')).text());
      expect(after.get('scaleladder_gc_pauses_total')!).toBeGreaterThan(before.get('scaleladder_gc_pauses_total') ?? 0);
      expect(after.get('scaleladder_gc_pause_seconds_total')!).toBeGreaterThan(before.get('scaleladder_gc_pause_seconds_total') ?? 0);
      expect(after.get('scaleladder_gc_pause_max_seconds')!).toBeGreaterThan(0);
      const reset = parsePrometheus(await (await get('/metrics')).text());
      expect(reset.get('scaleladder_gc_pause_max_seconds')).toBeLessThan(after.get('scaleladder_gc_pause_max_seconds')!);
    });

    it('given some traffic, when /metrics is read, then valid Prometheus text with the request, DB, cache, lock and loop counters', async () => {
      const code = await create('https://example.org/metrics');
      await get(`/${code}`);
      await get('/zzzzzzz');
      const res = await get('/metrics');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = await res.text();
      const samples = parsePrometheus(text);
      expect(samples.get('scaleladder_http_requests_total{route="redirect",status="302"}')).toBeGreaterThanOrEqual(1);
      expect(samples.get('scaleladder_http_requests_total{route="redirect",status="404"}')).toBeGreaterThanOrEqual(1);
      expect(samples.get('scaleladder_http_requests_total{route="create",status="201"}')).toBeGreaterThanOrEqual(1);
      expect(samples.get('scaleladder_http_requests_total{route="metrics",status="200"}')).toBeGreaterThanOrEqual(1);
      expect(samples.get('scaleladder_db_queries_total{op="get_by_code",kind="read"}')).toBeGreaterThanOrEqual(2);
      expect(samples.get('scaleladder_db_queries_total{op="record_click",kind="write"}')).toBeGreaterThanOrEqual(1);
      expect(samples.get('scaleladder_cache_hits_total{layer="redis"}')).toBe(0);
      expect(samples.get('scaleladder_cache_misses_total{layer="redis"}')).toBe(0);
      expect(samples.get('scaleladder_db_busy_retries_total')).toBe(0);
      expect(samples.has('scaleladder_db_busy_wait_seconds_total')).toBe(true);
      expect(samples.has('scaleladder_event_loop_delay_seconds{quantile="0.99"}')).toBe(true);
      expect(samples.has('scaleladder_event_loop_delay_max_seconds')).toBe(true);
      expect(samples.get('scaleladder_app_info{instance="a1",stage="1",pid="' + process.pid + '"}')).toBe(1);
      if (backend === 'pg-shards') {
        // Every shard is a primary; a create is an insert on its code's shard (plus, once per 1,000, a block taken).
        expect(samples.get('scaleladder_pg_queries_total{target="primary",kind="read"}')).toBeGreaterThanOrEqual(2);
        expect(samples.get('scaleladder_pg_queries_total{target="replica",kind="read"}')).toBe(0);
        expect(samples.get('scaleladder_pg_queries_total{target="primary",kind="write"}')).toBeGreaterThanOrEqual(2);
        expect(samples.get('scaleladder_shards')).toBe(2);
        expect(samples.has('scaleladder_pg_pool_waits_total{server="shard-1"}')).toBe(true);
      } else if (backend === 'postgres') {
        // Without replicas every lookup reads the primary; a generated create is two writes (nextval, insert).
        expect(samples.get('scaleladder_pg_queries_total{target="primary",kind="read"}')).toBeGreaterThanOrEqual(2);
        expect(samples.get('scaleladder_pg_queries_total{target="replica",kind="read"}')).toBe(0);
        expect(samples.get('scaleladder_pg_queries_total{target="primary",kind="write"}')).toBeGreaterThanOrEqual(3);
        expect(samples.has('scaleladder_pg_pool_waits_total{server="primary"}')).toBe(true);
      } else {
        expect([...samples.keys()].some((k) => k.startsWith('scaleladder_pg_'))).toBe(false);
      }
    });

    it('given an unknown route, when requested, then 404 JSON; given a wrong method on /healthz, then 405', async () => {
      await expectJsonError(await get('/no/such/route'), 404);
      await expectJsonError(await get('/api'), 404);
      await expectJsonError(await get('/healthz', { method: 'POST' }), 405);
      await expectJsonError(await get('/metrics', { method: 'DELETE' }), 405);
    });
  });

  describe('config variants', () => {
    it.each([
      ['front route, 301', { redirectStatus: 301 as const, frontRedirect: true }],
      ['router middleware, 302', { redirectStatus: 302 as const, frontRedirect: false }],
    ])('given %s, when a code is requested, then the same redirect contract holds', async (_what, variant) => {
      const other = await startApp({ ...store, instanceId: 'v2', redirectCacheControl: 'public, max-age=60', ...variant });
      try {
        const code = await create('https://example.org/variant');
        const res = await fetch(`${other.url}/${code}`, { redirect: 'manual' });
        expect(res.status).toBe(variant.redirectStatus);
        expect(res.headers.get('location')).toBe('https://example.org/variant');
        expect(res.headers.get('cache-control')).toBe('public, max-age=60');
        expect(res.headers.get('x-upstream')).toBe('v2');
        await expectJsonError(await fetch(`${other.url}/zzzzzzz`), 404);
        // No admin token configured: deletes are refused, never performed.
        await expectJsonError(await fetch(`${other.url}/api/links/${code}`, { method: 'DELETE', headers: { authorization: 'Bearer x' } }), 403);
      } finally {
        await other.stop();
        await other.stop();
      }
    });
  });
});

/**
 * A strict reader of the Prometheus text format 0.0.4: every line is HELP, TYPE or a sample of a declared family,
 * no series twice. Returns series → value.
 */
function parsePrometheus(text: string): Map<string, number> {
  expect(text.endsWith('\n')).toBe(true);
  const types = new Map<string, string>();
  const samples = new Map<string, number>();
  const name = '[a-zA-Z_:][a-zA-Z0-9_:]*';
  const label = `[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\[\\\\"n])*"`;
  const sample = new RegExp(`^(${name})(\\{${label}(?:,${label})*\\})? (-?[0-9.e+-]+|NaN|[+-]Inf)$`);
  for (const line of text.slice(0, -1).split('\n')) {
    let m: RegExpExecArray | null;
    if ((m = new RegExp(`^# HELP (${name}) .+$`).exec(line))) continue;
    if ((m = new RegExp(`^# TYPE (${name}) (counter|gauge|summary|histogram|untyped)$`).exec(line))) {
      expect(types.has(m[1]), `TYPE twice for ${m[1]}`).toBe(false);
      types.set(m[1], m[2]);
      continue;
    }
    m = sample.exec(line);
    expect(m, `not a valid exposition line: ${line}`).not.toBeNull();
    const metric = m![1];
    const family = types.has(metric) ? metric : metric.replace(/_(sum|count|bucket)$/, '');
    expect(types.has(family), `sample of undeclared family: ${line}`).toBe(true);
    if (types.get(family) === 'counter') expect(metric.endsWith('_total')).toBe(true);
    const series = metric + (m![2] ?? '');
    expect(samples.has(series), `duplicate series ${series}`).toBe(false);
    samples.set(series, Number(m![3]));
  }
  return samples;
}
