// Generated hostile requests for the app (fast-check), how each is sent (undici, or a raw socket when undici would
// refuse the malformed thing), and the rules every answer must follow (never a 5xx, JSON errors, no hang).
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import type { Dispatcher } from 'undici';
import { rawRequestBytes, sendRaw, type RawAnswer } from './raw-http.ts';

/** Node's default --max-http-header-size: request line + header block above this is answered 431. */
export const NODE_MAX_HEADER_BYTES = 16 * 1024;

/** What a family of requests may be answered with, when we know it precisely. */
export interface HostileExpectation {
  /** Allowed final statuses (anything non-5xx when absent). */
  statuses?: readonly number[];
  /** A connection closed without any answer is acceptable (oversized input, CONNECT, ...). Default false. */
  closedOk?: boolean;
}

interface HostileBase {
  /** Which kind of hostility, e.g. 'method', 'header-oversized', 'url-field'; the summary groups by it. */
  family: string;
  /** One line naming the request, for failure messages. */
  summary: string;
  expect: HostileExpectation;
  /** A POST to /api/links with a body: its 201 adds a row. */
  mayCreate: boolean;
  /** The request is HEAD (its answer has no body). */
  head: boolean;
}

export type HostileRequest = HostileBase &
  (
    | { via: 'raw'; bytes: Buffer; halfClose: boolean }
    | { via: 'undici'; method: string; path: string; headers: Record<string, string>; body?: string | Buffer }
  );

/** The normalized answer to one hostile request, whichever way it was sent. */
export interface HostileAnswer {
  status?: number;
  contentType?: string;
  retryAfter?: string;
  body: Buffer;
  /** 'closed': the connection ended without a final response; 'timeout': nothing within the client's patience. */
  outcome: 'answered' | 'closed' | 'timeout';
  /** Client-side error code when the connection ended without an answer (undici path). */
  errorCode?: string;
}

export interface HostileContext {
  /** Codes of seeded links (targets of GET/DELETE). */
  seededCodes: readonly string[];
  /** The app's admin token: never sent as valid credentials, only near-misses of it. */
  adminToken: string;
}

const JSON_CT = 'Content-Type: application/json';

// ---------------------------------------------------------------------------------------------------- builders

interface RawParts {
  method?: string;
  target?: string | Buffer;
  version?: string;
  headers?: (string | Buffer)[];
  body?: Buffer;
  /** Add Host (default true). */
  host?: boolean;
  /** Add Content-Length for the body (default true when there is a body). */
  contentLength?: boolean;
  eol?: string;
}

function raw(
  family: string,
  summary: string,
  p: RawParts,
  o: { expect?: HostileExpectation; mayCreate?: boolean; halfClose?: boolean } = {},
): HostileRequest {
  const { method = 'GET', target = '/', version = 'HTTP/1.1', headers = [], body, host = true, contentLength = body !== undefined, eol } = p;
  const requestLine = Buffer.concat([Buffer.from(`${method} `, 'latin1'), typeof target === 'string' ? Buffer.from(target, 'latin1') : target, Buffer.from(` ${version}`, 'latin1')]);
  const lines: (string | Buffer)[] = [];
  if (host) lines.push('Host: 127.0.0.1');
  lines.push('Connection: close', ...headers);
  if (contentLength && body !== undefined) lines.push(`Content-Length: ${body.length}`);
  return withToString({
    family,
    summary: summary.length > 160 ? `${summary.slice(0, 160)}…` : summary,
    expect: o.expect ?? {},
    mayCreate: o.mayCreate ?? false,
    head: method === 'HEAD',
    via: 'raw',
    bytes: rawRequestBytes({ requestLine, headerLines: lines, body, eol }),
    halfClose: o.halfClose ?? false,
  });
}

function viaUndici(
  family: string,
  method: string,
  path: string,
  o: { headers?: Record<string, string>; body?: string | Buffer; expect?: HostileExpectation; mayCreate?: boolean; summary?: string } = {},
): HostileRequest {
  const bodyText = o.body === undefined ? '' : ` body=${JSON.stringify(String(o.body).slice(0, 80))}${String(o.body).length > 80 ? `…(${String(o.body).length})` : ''}`;
  const summary = o.summary ?? `${method} ${path.length > 80 ? `${path.slice(0, 80)}…(${path.length})` : path} ${JSON.stringify(o.headers ?? {}).slice(0, 80)}${bodyText}`;
  return withToString({
    family,
    summary,
    expect: o.expect ?? {},
    mayCreate: o.mayCreate ?? false,
    head: method === 'HEAD',
    via: 'undici',
    method,
    path,
    headers: o.headers ?? {},
    body: o.body,
  });
}

/** fast-check prints a counterexample through this: the family and summary, not kilobytes of Buffer bytes. */
function withToString(r: HostileRequest): HostileRequest {
  Object.defineProperty(r, fc.toStringMethod, { value: () => `[${r.family}] ${r.summary}`, enumerable: false });
  return r;
}

const postJson = (family: string, body: string | Buffer, o: { expect?: HostileExpectation; headers?: Record<string, string> } = {}): HostileRequest =>
  viaUndici(family, 'POST', '/api/links', { headers: { 'content-type': 'application/json', ...o.headers }, body, expect: o.expect, mayCreate: true });

// ---------------------------------------------------------------------------------------------------- pieces

const SQLISH = [
  "' OR '1'='1",
  "' OR 1=1 --",
  "1; DROP TABLE links",
  "abc'--",
  '" OR ""="',
  "'); DELETE FROM links; --",
  "x' UNION SELECT code, url FROM links --",
  'admin\'/*',
  '1 OR 1=1',
  "%' AND 1=0 UNION SELECT sqlite_version() --",
  'links; --',
  "abc';DROP/**/TABLE/**/links;--",
];

const WEIRD_PATHS = [
  '/', '//', '///api/links', '/api//links', '/api/links/', '/api/links//x', '/../../../etc/passwd', '/api/links/../../etc/passwd',
  '/%2e%2e/%2e%2e/etc/passwd', '/api/links/%2e%2e%2f%2e%2e', '/api/links/..%2f..%2fetc%2fpasswd', '/%00', '/api/links/%00', '/abc%00def',
  '/%', '/%zz', '/%E0%A4', '/api/links/%E0%A4%A', '/api/links/%C0%AF', '/%FF%FE', '/api/links/%', '/api/links/%%', '/healthz/../metrics',
  '/HEALTHZ', '/Api/Links', '/api/links?url=https://x.example', '/?', '/??', '/healthz?', '/metrics?reset=1', '/metrics?reset=1&reset=1',
  '/healthz?__proto__[x]=1&constructor[prototype][y]=1', '/api', '/api/', '/api/links/api', '/api/links/healthz', '/api/links/metrics',
  '/api/links/__proto__', '/__proto__', '/constructor', '/prototype', '/api/links/constructor', '/healthz/', '/metrics/',
  '/api/links/abc/def', '/api/links/%2F', '/%2Fapi%2Flinks', '/.', '/..', '/api/links/.', '/api/links/..', '/;', '/api;/links',
  '/api/links;jsessionid=1', '/\\..\\..\\windows', '/api\\links', '/~', '/@', '/:code', '/api/links/:code', '/*', '/(.*)',
];

/** Paths undici may send (ASCII printable, starting with '/'). */
function pathArb(ctx: HostileContext): fc.Arbitrary<string> {
  const code = fc.constantFrom(...ctx.seededCodes);
  return fc.oneof(
    fc.constantFrom(...WEIRD_PATHS),
    code.map((c) => `/${c}`),
    code.map((c) => `/api/links/${c}`),
    fc.tuple(code, fc.constantFrom('/', '?x=1', '?utm_source=%zz&a[]=1', '%00', '/..', '/../healthz', '%2F', '.json', '~', '-', '_', '%20')).map(([c, s]) => `/${c}${s}`),
    code.map((c) => `/${c.toLowerCase()}`),
    code.map((c) => `/${c}${c}`),
    code.map((c) => `/${c.slice(0, 6)}`),
    code.map((c) => `/api/links/${c}?If-None-Match=*`),
    fc.constantFrom(...SQLISH).map((s) => `/${encodeURIComponent(s)}`),
    fc.constantFrom(...SQLISH).map((s) => `/api/links/${encodeURIComponent(s)}`),
    fc.string({ unit: 'grapheme', maxLength: 24 }).map((s) => `/${encodeURIComponent(s)}`),
    fc.string({ unit: 'grapheme', maxLength: 24 }).map((s) => `/api/links/${encodeURIComponent(s)}`),
    fc.stringMatching(/^[!-~]{0,40}$/).map((s) => `/${s}`),
    fc.constantFrom(2000, 8000, 15_000).map((n) => `/${'a'.repeat(n)}`),
    fc.constantFrom(1000, 10_000).map((n) => `/healthz?${'q=1&'.repeat(n / 4)}`),
  );
}

const METHODS = [
  'GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE', 'BREW', 'PROPFIND', 'PROPPATCH', 'MKCOL', 'COPY', 'MOVE',
  'LOCK', 'UNLOCK', 'SEARCH', 'PURGE', 'REPORT', 'M-SEARCH', 'NOTIFY', 'SUBSCRIBE', 'LINK', 'UNLINK', 'QUERY', 'ACL', 'BIND',
  'get', 'post', 'Get', 'dElEtE', 'head', 'G ET', 'GET\t', '', 'X'.repeat(64), 'GET/', 'GE', 'GETT', '\u00c9T\u00c9', 'CONNECT',
];

/** A well-formed-looking request line with a method Express (or llhttp) may not know, to any path. */
function methodFamily(ctx: HostileContext): fc.Arbitrary<HostileRequest> {
  return fc.tuple(fc.constantFrom(...METHODS), pathArb(ctx)).map(([method, path]) =>
    raw('method', `${JSON.stringify(method)} ${path.slice(0, 80)}`, { method, target: method === 'CONNECT' ? '127.0.0.1:22' : path },
      { expect: { closedOk: method === 'CONNECT' } }),
  );
}

/** Odd request targets only a raw socket sends: unicode bytes, spaces, NUL, fragments, absolute-form, '*', huge. */
function rawPathFamily(ctx: HostileContext): fc.Arbitrary<HostileRequest> {
  const code = fc.constantFrom(...ctx.seededCodes);
  const target = fc.oneof(
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 24 }).map((s) => Buffer.from(`/${s}`, 'utf8')),
    fc.uint8Array({ minLength: 1, maxLength: 24 }).map((b) => Buffer.concat([Buffer.from('/'), Buffer.from(b)])),
    fc.constantFrom('*', '/a b', '/a\tb', '/a\u0000b', 'noslash', '/a\rb', '', ' ', '/abc#frag', '/api/links#x', '/healthz#', 'http://evil.example/healthz',
      'https://evil.example/api/links', '//evil.example/healthz', 'http://[::1]/healthz', 'http://a@b/healthz'),
    code.map((c) => `/${c}#fragment`),
    code.map((c) => `http://evil.example/${c}`),
    code.map((c) => `/${c}?${'x'.repeat(100)}#${'y'.repeat(100)}`),
    fc.constantFrom(...SQLISH).map((s) => `/${s}`),
    fc.constantFrom(...SQLISH).map((s) => `/api/links/${s}`),
    fc.constantFrom(16_000, 16_300, 16_400, 17_000, 64_000).map((n) => `/${'p'.repeat(n)}`),
  );
  return fc.tuple(fc.constantFrom('GET', 'HEAD', 'POST', 'DELETE', 'OPTIONS'), target).map(([method, t]) => {
    const shown = (typeof t === 'string' ? t : t.toString('latin1')).slice(0, 80);
    const big = (typeof t === 'string' ? t.length : t.length) > NODE_MAX_HEADER_BYTES - 200;
    return raw('path-raw', `${method} ${JSON.stringify(shown)}`, { method, target: t }, { expect: { closedOk: big } });
  });
}

/** Paths undici sends, with GET/HEAD (redirect, metadata, ops) and an odd If-None-Match or Accept now and then. */
function pathFamily(ctx: HostileContext): fc.Arbitrary<HostileRequest> {
  const headers = fc.oneof(
    fc.constant({}),
    fc.constantFrom('*', '""', 'W/""', '"a", "b"', 'W/"1.x", *', ','.repeat(2000), '"x",'.repeat(1500)).map((v) => ({ 'if-none-match': v })),
    fc.constantFrom('text/html', '*/*;q=0', 'application/json;q=abc', '\u00ff').map((v) => ({ accept: v })),
    fc.constantFrom('bytes=0-0', 'bytes=-1', 'items=1-2').map((v) => ({ range: v })),
  );
  return fc.tuple(fc.constantFrom('GET', 'HEAD'), pathArb(ctx), headers).map(([m, p, h]) => viaUndici('path', m, p, { headers: h }));
}

/** Header blocks near and above Node's limit, many fields, odd names and values. */
function oversizedHeaderFamily(ctx: HostileContext): fc.Arbitrary<HostileRequest> {
  const size = fc.constantFrom(8_000, 15_000, 16_000, 16_200, 16_300, 16_384, 16_400, 16_500, 17_000, 32_000, 100_000, 1_000_000);
  const target = fc.oneof(fc.constantFrom('/healthz', '/api/links', '/nope'), fc.constantFrom(...ctx.seededCodes).map((c) => `/${c}`));
  return fc.tuple(size, target, fc.constantFrom('X-Big', 'Cookie', 'Authorization', 'Content-Type', 'Host', 'If-None-Match', 'User-Agent'), fc.boolean())
    .map(([n, t, name, split]) => {
      // Either one huge value or many fields adding up to the same size.
      const headers = split ? Array.from({ length: Math.ceil(n / 100) }, (_, i) => `X-F${i}: ${'v'.repeat(90)}`) : [`${name}: ${'a'.repeat(n)}`];
      const withHost = !(name === 'Host' && !split);
      // Node counts the URL and every field name and value against its limit, not the separators and line ends.
      const counted = t.length + [...(withHost ? ['Host: 127.0.0.1'] : []), 'Connection: close', ...headers].reduce((sum, l) => sum + l.length - 2, 0);
      return raw('header-oversized', `GET ${t} with ${split ? `${headers.length} fields` : `${name}`} counting ${counted} bytes against the limit`,
        { target: t, headers, host: withHost },
        { expect: counted > NODE_MAX_HEADER_BYTES + 64 ? { statuses: [431], closedOk: true } : { closedOk: counted > NODE_MAX_HEADER_BYTES - 400 } });
    });
}

/** Chunked bodies with a broken size line, missing terminator, negative or overflowing size. */
const BAD_CHUNKS = ['zz\r\n{}\r\n0\r\n\r\n', 'ffffffffffffffffffff\r\n{}\r\n0\r\n\r\n', '2\r\n{}0\r\n\r\n', '2\r\n{}\r\n', '-2\r\n{}\r\n0\r\n\r\n', '2 ;ext\r\n{}\r\n0\r\n\r\n', '2\r\n{}\r\n0\r\nX-Trailer: \u0000\r\n\r\n'];

const TE_VALUES = ['chunked', 'Chunked', 'CHUNKED', 'chunked, chunked', 'gzip, chunked', 'chunked, gzip', 'identity', 'xchunked', 'chunked;q=1', ' chunked', 'chunked\t', 'gzip', 'compress', ''];

/** Framing attacks: duplicate/negative/huge Content-Length, Transfer-Encoding oddities, bad chunks, bare LF, obs-fold. */
function framingFamily(): fc.Arbitrary<HostileRequest> {
  const okBody = '{"url":"https://framing.example/x"}';
  const chunked = (s: string) => `${Buffer.byteLength(s).toString(16)}\r\n${s}\r\n0\r\n\r\n`;
  const cases: fc.Arbitrary<HostileRequest>[] = [
    fc.tuple(fc.constantFrom('5', '6', '0', '100'), fc.constantFrom('6', '5', '0', '-1', '')).map(([a, b]) =>
      raw('framing', `duplicate Content-Length ${a}/${b}`, { method: 'POST', target: '/api/links', headers: [JSON_CT, `Content-Length: ${a}`, `Content-Length: ${b}`], body: Buffer.from('{"a":1}'), contentLength: false },
        { expect: { statuses: a === b ? [400, 415] : [400], closedOk: true }, halfClose: true, mayCreate: true })),
    fc.constantFrom('-1', '+5', '0x10', '1e3', '99999999999999999999999', ' 5', '5 5', '5,5', 'abc', '').map((cl) =>
      raw('framing', `Content-Length: ${JSON.stringify(cl)}`, { method: 'POST', target: '/api/links', headers: [JSON_CT, `Content-Length: ${cl}`], body: Buffer.from('{"url":'), contentLength: false },
        { expect: { closedOk: true }, halfClose: true, mayCreate: true })),
    fc.tuple(fc.constantFrom(...TE_VALUES), fc.boolean(), fc.constantFrom(chunked(okBody), ...BAD_CHUNKS)).map(([te, withCl, body]) => {
      const goodChunks = body === chunked(okBody);
      return raw('framing', `Transfer-Encoding: ${JSON.stringify(te)}${withCl ? ' + Content-Length' : ''} ${goodChunks ? 'good' : 'bad'} chunks`,
        { method: 'POST', target: '/api/links', headers: [JSON_CT, `Transfer-Encoding: ${te}`, ...(withCl ? ['Content-Length: 5'] : [])], body: Buffer.from(body), contentLength: false },
        { expect: { closedOk: true }, halfClose: true, mayCreate: true });
    }),
    fc.constantFrom('\n', '\r').map((eol) =>
      raw('framing', `line ending ${JSON.stringify(eol)}`, { target: '/healthz', eol }, { expect: { closedOk: true }, halfClose: true })),
    fc.constantFrom('X-A : b', 'X-A: b\r\n c', ' X-A: b', 'X-A', ':b', 'X A: b', 'X-A: b\u0000c', 'X-A: b\u0001c', 'X-A: b\u007fc', 'X-\u00e9: b',
      'Content-Length : 5', 'Transfer-Encoding : chunked', 'Host: a\r\nHost: b', 'Host: ', 'Host: a b', 'Host: evil.example/../x', 'Host: [::1', 'Host: \u00ff\u00fe')
      .map((line) => raw('framing', `header line ${JSON.stringify(line)}`, { target: '/healthz', headers: [line], host: !line.startsWith('Host') }, { expect: { closedOk: true } })),
    fc.constantFrom('HTTP/1.0', 'HTTP/0.9', 'HTTP/2.0', 'HTTP/9.9', 'HTTP/1.1 x', 'http/1.1', 'HTTP/1', 'HTTP/1.1.1', 'HTTP/11', '').map((v) =>
      raw('framing', `version ${JSON.stringify(v)}`, { target: '/healthz', version: v }, { expect: { closedOk: true } })),
    fc.constant(raw('framing', 'HTTP/1.1 without Host', { target: '/healthz', host: false }, { expect: { statuses: [400], closedOk: true } })),
    fc.constantFrom('100-continue', '100-Continue', 'teapot', '200-ok', '').map((e) =>
      raw('framing', `Expect: ${e}`, { method: 'POST', target: '/api/links', headers: [JSON_CT, `Expect: ${e}`], body: Buffer.from('{"url":"not a url"}') }, { expect: { closedOk: true } })),
    fc.constantFrom('websocket', 'h2c', 'TLS/1.2', 'x'.repeat(100)).map((u) =>
      raw('framing', `Upgrade: ${u.slice(0, 20)}`, { target: '/healthz', headers: ['Connection: Upgrade, close', `Upgrade: ${u}`] }, { expect: { closedOk: true }, halfClose: true })),
    fc.constant(raw('framing', 'body shorter than Content-Length, then EOF', { method: 'POST', target: '/api/links', headers: [JSON_CT, 'Content-Length: 50'], body: Buffer.from('{"url":"https://x.example/"}'), contentLength: false },
      { expect: { statuses: [400], closedOk: true }, halfClose: true, mayCreate: true })),
    fc.constant(raw('framing', 'pipelined garbage after a request', { target: '/healthz', body: Buffer.from('GARBAGE / HTTP/1.1\r\n\r\n'), contentLength: false }, { expect: { closedOk: true } })),
  ];
  return fc.oneof(...cases);
}

/** Content-Type and Content-Encoding the create route must refuse (or survive). */
function contentTypeFamily(): fc.Arbitrary<HostileRequest> {
  const valid = '{"url":"https://ctype.example/ok"}';
  return fc.oneof(
    fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonp', 'application/json-patch+json',
      'text/json', 'json', '*/*', 'application/*', 'application/json, text/html', '').map((ct) =>
      viaUndici('content-type', 'POST', '/api/links', { headers: ct === '' ? {} : { 'content-type': ct }, body: valid, expect: { statuses: [415] }, mayCreate: true })),
    fc.constantFrom('application/json; charset=latin1', 'application/json; charset=utf-16', 'application/json; charset=utf-32', 'application/json; charset=utf-7',
      'application/json; charset=bogus', 'application/json; charset="utf-8"', 'APPLICATION/JSON', 'application/json;;;', 'application/json; charset=', 'application/json; x=";"')
      .map((ct) => viaUndici('content-type', 'POST', '/api/links', { headers: { 'content-type': ct }, body: valid, expect: { statuses: [201, 400, 415] }, mayCreate: true })),
    fc.constantFrom('gzip', 'deflate', 'br', 'zstd', 'gzip, gzip', 'identity', 'x-gzip', 'compress').map((ce) =>
      viaUndici('content-encoding', 'POST', '/api/links', { headers: { 'content-type': 'application/json', 'content-encoding': ce }, body: Buffer.from('not actually compressed'), expect: { statuses: [400, 415] }, mayCreate: true })),
    fc.constant(null).map(() => gzipBomb()),
  );
}

let bomb: Buffer | undefined;

/** A gzip bomb: ~5 KB that inflates to 5 MB, far past the 8 KiB limit (the limit must apply after decoding). */
function gzipBomb(): HostileRequest {
  bomb ??= gzipSync(Buffer.alloc(5_000_000, 0x20));
  return viaUndici('content-encoding', 'POST', '/api/links', {
    headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    body: bomb,
    expect: { statuses: [413] },
    mayCreate: true,
    summary: 'POST gzip bomb (5 MB of spaces, gzipped)',
  });
}

const MALFORMED_JSON = [
  '', ' ', '{', '}', '{"url":', '{url:"https://x.example"}', "{'url':'https://x.example'}", 'null', 'true', '1', '-0', '1e999', '"str"', '[]',
  '[{"url":"https://x.example"}]', '{"url":"https://x.example",}', '{"url":"https://x.example"}{"url":"https://y.example"}',
  '{"url":"https://x.example"} trailing', '\u0000', 'NaN', 'Infinity', 'undefined', '{"url":"\\ud800"}', '{"url":"\\u0000"}',
  '{"url":"https://x.example\\u0000"}', '{"__proto__":{"url":"https://x.example"}}', '{"constructor":{"prototype":{"url":"https://x"}}}',
  '{"url":"https://x.example","url":"javascript:alert(1)"}', '{"url":["https://x.example"]}', '{"url":{"href":"https://x.example"}}',
  '{"url":123}', '{"url":true}', '{"url":null}', '{"url":""}', '\ufeff{"url":1}', '{"url":"https://x.example"', '{"url":"https://x.example\\"}',
  '{"url":"\\x41"}', '{"a":' + '1'.repeat(5000) + '}', '/* comment */ {}', '{"url":"https://x.example"} // c',
];

/** Bodies that are not what the create route wants: malformed, deeply nested, oversized. */
function bodyFamily(): fc.Arbitrary<HostileRequest> {
  const nested = fc.tuple(fc.constantFrom(10, 100, 1000, 2000, 2700, 4000, 5000, 100_000), fc.constantFrom('array', 'object')).map(([depth, kind]) => {
    const body = kind === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    return postJson('body-nested', body, { expect: { statuses: Buffer.byteLength(body) > 8192 ? [413] : [400], closedOk: Buffer.byteLength(body) > 8192 } });
  });
  const huge = fc.tuple(fc.constantFrom(8_000, 8_150, 8_192, 8_193, 9_000, 64_000, 1_000_000), fc.constantFrom('url', 'pad', 'code')).map(([n, where]) => {
    const fill = 'h'.repeat(n);
    const obj = where === 'url' ? { url: `https://huge.example/${fill}` } : where === 'code' ? { url: 'https://huge.example/', code: fill } : { url: 'https://huge.example/', pad: fill };
    const body = JSON.stringify(obj);
    const over = Buffer.byteLength(body) > 8192;
    return postJson('body-huge', body, { expect: { statuses: over ? [413] : [400, 201], closedOk: over } });
  });
  return fc.oneof(
    fc.constantFrom(...MALFORMED_JSON).map((b) => postJson('body-malformed', b, { expect: { statuses: [400] } })),
    fc.string({ unit: 'binary', maxLength: 64 }).map((b) => postJson('body-random', b, { expect: { statuses: [400, 201, 413] } })),
    fc.jsonValue({ maxDepth: 4 }).map((v) => postJson('body-random', JSON.stringify(v) ?? 'null', { expect: { statuses: [400, 201] } })),
    nested,
    huge,
  );
}

/** URLs the rule refuses (400): schemes, relatives, control characters, whitespace, credentials, length. */
export const REFUSED_URLS: readonly unknown[] = [
  'javascript:alert(1)', 'JavaScript:alert(document.cookie)', ' javascript:alert(1)', 'java\tscript:alert(1)', 'javascript://x.example/%0Aalert(1)',
  'data:text/html,<script>alert(1)</script>', 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==', 'DATA:,x', 'file:///etc/passwd',
  'file://localhost/etc/passwd', 'ftp://x.example/', 'gopher://x.example/', 'vbscript:msgbox(1)', 'mailto:a@x.example', 'about:blank', 'blob:https://x.example/1',
  'ws://x.example/', '//evil.example/', '/relative', 'relative/path', '?q=1', '#frag', 'https:evil.example', 'https:/evil.example', 'http://', 'https://',
  'http:///', 'https://user:pass@evil.example/', 'https://user@evil.example/', 'https://:pass@evil.example/', 'http://[::1', 'http://[not:ipv6]/',
  'http://127.0.0.1:99999/', 'https://example.com/\r\nSet-Cookie: a=b', 'https://example.com/\nx', 'https://example.com/\u0000', 'https://example.com/\u0007',
  'https://example.com/\u007f', 'https://example.com/\u0085', 'https://example.com/ a', ' https://example.com/', 'https://example.com/ ',
  'https://example.com/\t', 'https://example.com/\u2028', 'https://example.com/\u00a0', 'https://exa mple.com/', "https://example.com/'); DROP TABLE links;--", "https://example.com/?q=' OR '1'='1",
  `https://example.com/${'a'.repeat(2049 - 'https://example.com/'.length)}`, `https://example.com/${'a'.repeat(5000)}`,
  `https://example.com/${'\u00e9'.repeat(1100)}`, `https://example.com/${'\u00e9'.repeat(700)}`, '', null, 123, true, [], {}, ['https://x.example/'],
  { href: 'https://x.example/' },
];

/** URLs the rule accepts (201): IPv6 and IDN hosts, odd but legal characters, exactly 2048 bytes. */
export const ACCEPTED_URLS: readonly string[] = [
  'http://[::1]/', 'http://[::ffff:127.0.0.1]:8080/x', 'https://[2001:db8::1]/path?q=1', 'HTTPS://EXAMPLE.COM/UPPER', 'https://例え.テスト/パス',
  'https://xn--r8jz45g.xn--zckzah/', "https://example.com/?q='OR'1'='1", "https://example.com/';DROP/**/TABLE/**/links;--", 'https://example.com/%00',
  'https://example.com/%0d%0aSet-Cookie:%20a=b', 'http://0x7f.1/', 'https://example.com:443/', 'https://a/', 'http://localhost:1/', 'https://example.com/<script>',
  'https://example.com/"quote"', 'https://example.com/\\backslash', `https://example.com/${'a'.repeat(2048 - 'https://example.com/'.length)}`,
  `https://example.com/${'\u00e9'.repeat(300)}`,
];

/** The url field of an otherwise valid create: refused ones must be 400, accepted ones 201. */
function urlFieldFamily(): fc.Arbitrary<HostileRequest> {
  return fc.oneof(
    fc.constantFrom(...REFUSED_URLS).map((url) => postJson('url-refused', JSON.stringify({ url }), { expect: { statuses: [400] } })),
    fc.constantFrom(...ACCEPTED_URLS).map((url) => postJson('url-accepted', JSON.stringify({ url }), { expect: { statuses: [201] } })),
    fc.webUrl({ withQueryParameters: true, withFragments: true }).map((url) => postJson('url-random', JSON.stringify({ url }), { expect: { statuses: [201, 400] } })),
    fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => postJson('url-random', JSON.stringify({ url: `https://${s}` }), { expect: { statuses: [201, 400] } })),
    fc.ipV6().map((ip) => postJson('url-accepted', JSON.stringify({ url: `http://[${ip}]/v6` }), { expect: { statuses: [201] } })),
  );
}

/** Custom codes: SQL-shaped, reserved, generated-shaped, seeded ones (taken), unicode, wrong types. */
function customCodeFamily(ctx: HostileContext): fc.Arbitrary<HostileRequest> {
  const code = fc.oneof(
    fc.constantFrom<unknown>(...SQLISH, 'api', 'healthz', 'metrics', 'ab', 'x'.repeat(33), 'abcdefg', 'ABC1234', 'a b c', 'abc/def', '../etc', '%41%42%43',
      'caf\u00e9', 'abc\u0000', '', 123, 1234567, true, [], {}, ['abc'], null, '__proto__', 'constructor', 'hasOwnProperty'),
    fc.constantFrom(...ctx.seededCodes),
    fc.stringMatching(/^[A-Za-z0-9_-]{3,32}$/),
    fc.string({ unit: 'grapheme', minLength: 3, maxLength: 12 }),
  );
  return code.map((c) => postJson('custom-code', JSON.stringify({ url: 'https://custom.example/', code: c }), { expect: { statuses: [201, 400, 409] } }));
}

/** Near-misses of valid credentials; generated values that would authorize are filtered out (asserted). */
export function wouldAuthorize(authorization: string | undefined, adminToken: string): boolean {
  if (authorization === undefined) return false;
  // Node trims header values; the app's rule is /^Bearer[ \t]+(\S+)[ \t]*$/i.
  const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization.trim());
  return m !== null && m[1] === adminToken;
}

function tokenVariants(t: string): string[] {
  const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'a' ? 'b' : 'a') + s.slice(i + 1);
  return [
    '', 'Bearer', 'Bearer ', `Bearer ${t.slice(0, -1)}`, `Bearer ${t}x`, `Bearer x${t}`, `Bearer ${t.toLowerCase()}`, `Bearer ${t.toUpperCase()}`,
    `Bearer ${t.slice(1)}`, `Bearer ${flip(t, t.length - 1)}`, `Bearer ${flip(t, 0)}`, t, `Token ${t}`, `Basic ${Buffer.from(`admin:${t}`).toString('base64')}`,
    `Bearer ${t} ${t}`, `Bearer ${t},Bearer ${t}`, `Bearer "${t}"`, `Bearer ${Buffer.from(t).toString('base64')}`, `BearerX ${t}`, `Bearer:${t}`,
    `Bearer=${t}`, `Bearer ${t}\u00a0`, `Bearer\u00a0${t}`, `Bearer ${t.slice(0, 10)}`, `Bearer ${t}%00`, `Bearer ${t.padEnd(513, 'x')}`,
    `Bearer ${'A'.repeat(8000)}`, `Bearer ${t.split('').reverse().join('')}`, `Bearer ${t}*`, 'Bearer *', 'Bearer null', 'Bearer undefined',
    `Bearer ${t.slice(0, Math.floor(t.length / 2))}${t.slice(Math.floor(t.length / 2) + 1)}`,
  ];
}

/** DELETE with missing, wrong and almost-right tokens, on seeded codes and junk: must be 401 or 403, never 204. */
function deleteFamily(ctx: HostileContext): fc.Arbitrary<HostileRequest> {
  const variants = tokenVariants(ctx.adminToken).filter((v) => !wouldAuthorize(v, ctx.adminToken));
  const auth = fc.oneof(
    fc.constantFrom<string | undefined>(undefined, ...variants),
    fc.stringMatching(/^[ -~]{0,80}$/).filter((v) => !wouldAuthorize(v, ctx.adminToken)),
  );
  // Every DELETE /api/links/:code checks the token before looking at the code: 401 (missing) or 403 (wrong).
  const target = fc.oneof(
    fc.constantFrom(...ctx.seededCodes).map((c) => `/api/links/${c}`),
    fc.constantFrom(...SQLISH).map((s) => `/api/links/${encodeURIComponent(s)}`),
    fc.constantFrom('/api/links/%2A', '/api/links/*', '/api/links/%25', '/api/links/..%2F..', '/api/links/x', `/api/links/${'z'.repeat(4000)}`),
  );
  return fc.tuple(target, auth).map(([path, a]) =>
    viaUndici('delete-token', 'DELETE', path, { headers: a === undefined ? {} : { authorization: a }, expect: { statuses: [401, 403] } }),
  );
}

/** Authorization values only a raw socket can carry (non-latin1 bytes, NUL), on a seeded code. */
function rawDeleteFamily(ctx: HostileContext): fc.Arbitrary<HostileRequest> {
  const t = ctx.adminToken;
  return fc.tuple(fc.constantFrom(...ctx.seededCodes), fc.constantFrom(
    Buffer.from(`Authorization: Bearer ${t}\u0000`, 'latin1'),
    Buffer.concat([Buffer.from('Authorization: Bearer '), Buffer.from(`${t}\u2028`, 'utf8')]),
    Buffer.concat([Buffer.from('Authorization: Bearer '), Buffer.from('\u0422\u043e\u043a\u0435\u043d', 'utf8')]),
    Buffer.from(`Authorization: Bearer x\r\nAuthorization: Bearer ${t}`, 'latin1'),
    Buffer.from(`Authorization: Bearer ${t}\r\n x`, 'latin1'),
    Buffer.from(`Authorization : Bearer ${t}`, 'latin1'),
  )).map(([code, line]) =>
    raw('delete-token', `DELETE /api/links/${code} with ${JSON.stringify(line.toString('latin1').slice(0, 60))}`,
      { method: 'DELETE', target: `/api/links/${code}`, headers: [line] }, { expect: { statuses: [400, 401, 403], closedOk: true } }));
}

/** Every family, weighted towards the ones with many distinct cases. */
export function hostileRequest(ctx: HostileContext): fc.Arbitrary<HostileRequest> {
  return fc.oneof(
    { arbitrary: methodFamily(ctx), weight: 3 },
    { arbitrary: rawPathFamily(ctx), weight: 3 },
    { arbitrary: pathFamily(ctx), weight: 4 },
    { arbitrary: oversizedHeaderFamily(ctx), weight: 2 },
    { arbitrary: framingFamily(), weight: 4 },
    { arbitrary: contentTypeFamily(), weight: 2 },
    { arbitrary: bodyFamily(), weight: 4 },
    { arbitrary: urlFieldFamily(), weight: 4 },
    { arbitrary: customCodeFamily(ctx), weight: 2 },
    { arbitrary: deleteFamily(ctx), weight: 3 },
    { arbitrary: rawDeleteFamily(ctx), weight: 1 },
  );
}

// ---------------------------------------------------------------------------------------------------- sending

export interface SendTarget {
  host: string;
  port: number;
  /** e.g. http://127.0.0.1:1234 */
  origin: string;
  dispatcher: Dispatcher;
}

const ANSWER_TIMEOUT_MS = 5_000;

/** Sends one hostile request and normalizes the answer; never rejects. */
export async function sendHostile(req: HostileRequest, target: SendTarget): Promise<HostileAnswer> {
  if (req.via === 'raw') {
    const a: RawAnswer = await sendRaw({ host: target.host, port: target.port, bytes: req.bytes, halfClose: req.halfClose, head: req.head, timeoutMs: ANSWER_TIMEOUT_MS });
    if (a.status === undefined) return { body: a.body, outcome: a.ending === 'timeout' ? 'timeout' : 'closed' };
    return { status: a.status, contentType: a.headers.get('content-type')?.[0], retryAfter: a.headers.get('retry-after')?.[0], body: a.body, outcome: 'answered' };
  }
  try {
    const res = await target.dispatcher.request({
      origin: target.origin,
      method: req.method,
      path: req.path,
      headers: req.headers,
      body: req.body,
      headersTimeout: ANSWER_TIMEOUT_MS,
      bodyTimeout: ANSWER_TIMEOUT_MS,
    });
    const body = Buffer.from(await res.body.arrayBuffer());
    const h = (name: string) => {
      const v = res.headers[name];
      return Array.isArray(v) ? v[0] : v;
    };
    return { status: res.statusCode, contentType: h('content-type'), retryAfter: h('retry-after'), body, outcome: 'answered' };
  } catch (err) {
    const code = (err as { code?: string }).code ?? (err as Error).name;
    if (code === 'UND_ERR_INVALID_ARG' || code === 'InvalidArgumentError' || code === 'UND_ERR_NOT_SUPPORTED') {
      // The generator made something undici will not send: a bug in this helper, not an answer of the app.
      throw new Error(`undici refused to send generated request (${req.summary}): ${(err as Error).message}`);
    }
    return { body: Buffer.alloc(0), outcome: code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' ? 'timeout' : 'closed', errorCode: code };
  }
}

// ---------------------------------------------------------------------------------------------------- rules

export type AnswerClass = '2xx' | '3xx' | '4xx' | '5xx' | 'closed' | 'timeout';

export function answerClass(a: HostileAnswer): AnswerClass {
  if (a.outcome !== 'answered' || a.status === undefined) return a.outcome === 'timeout' ? 'timeout' : 'closed';
  return `${Math.floor(a.status / 100)}xx` as AnswerClass;
}

/** What is wrong with this answer to this request (empty when nothing is). Pure. */
export function answerViolations(req: HostileRequest, a: HostileAnswer): string[] {
  const out: string[] = [];
  const where = `[${req.family}] ${req.summary}`;
  if (a.outcome === 'timeout') {
    out.push(`${where}: no answer within ${ANSWER_TIMEOUT_MS} ms`);
    return out;
  }
  if (a.outcome === 'closed') {
    if (req.expect.closedOk !== true) out.push(`${where}: connection closed without an answer${a.errorCode ? ` (${a.errorCode})` : ''}`);
    return out;
  }
  const status = a.status!;
  const text = a.body.toString('utf8');
  if (status >= 500) {
    // 503 + Retry-After is the app's answer to a SQLite lock timeout, and only that is tolerated.
    const lockTimeout = status === 503 && a.retryAfter !== undefined && /database busy/.test(text);
    if (!lockTimeout) out.push(`${where}: answered ${status} ${text.slice(0, 200)}`);
  }
  if (req.expect.statuses !== undefined && !req.expect.statuses.includes(status)) {
    out.push(`${where}: answered ${status}, expected one of ${req.expect.statuses.join('/')} (${text.slice(0, 120)})`);
  }
  if (status >= 400 && a.body.length > 0) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const ok = /^application\/json\b/i.test(a.contentType ?? '') && typeof parsed === 'object' && parsed !== null && typeof (parsed as { error?: unknown }).error === 'string';
    if (!ok) out.push(`${where}: error ${status} body is not JSON with an "error" string (content-type ${a.contentType}): ${text.slice(0, 120)}`);
  }
  return out;
}
