// RFC 9110 §15.2 interim (1xx) responses: a 103 Early Hints from the origin reaches the client ahead of the final
// response, through the shield too, and is never stored (RFC 9111 §3: only final responses are cached).
import { request as httpRequest, createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startCdn, type StartedCdn } from '../../targets/cdn/start-cdn.ts';

const LINK = '</style.css>; rel=preload; as=style';

interface Answer {
  interim: { status: number; headers: IncomingHttpHeaders }[];
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A GET with node:http, which reports 1xx responses as 'information' events. */
function get(base: string, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const interim: Answer['interim'] = [];
    const req = httpRequest(new URL(path, base), { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ interim, status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('information', (i) => interim.push({ status: i.statusCode, headers: i.headers }));
    req.on('error', reject);
    req.end();
  });
}

let origin: Server | undefined;
let cdn: StartedCdn | undefined;
afterEach(async () => {
  await cdn?.close();
  origin?.closeAllConnections();
  await new Promise((r) => origin?.close(r) ?? r(undefined));
  cdn = origin = undefined;
});

/** An origin that sends 103 Early Hints, then a cacheable 200 (without Link). */
async function earlyHintsOrigin(): Promise<{ url: string; count: () => number }> {
  let n = 0;
  origin = createServer((req, res) => {
    n++;
    res.writeEarlyHints({ link: LINK });
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'max-age=600' });
      res.end(`final #${n}`);
    }, 20);
  });
  await new Promise<void>((r) => origin!.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(origin.address() as AddressInfo).port}`, count: () => n };
}

describe('RFC 9110 §15.2 interim responses are forwarded and never cached', () => {
  it.each([
    ['edge only', false],
    ['through the shield', true],
  ])('given the origin sends 103 Early Hints (%s), then the client gets the 103 with its Link before the 200, and a hit has none', async (_how, shield) => {
    const o = await earlyHintsOrigin();
    cdn = await startCdn({ origin: o.url, pops: ['eu'], shield });
    const miss = await get(cdn.url, '/hinted');
    expect(miss.interim.map((i) => i.status)).toEqual([103]);
    expect(miss.interim[0].headers.link).toBe(LINK);
    expect(miss).toMatchObject({ status: 200, body: 'final #1' });
    expect(miss.headers['x-cache']).toBe('MISS');
    // The 103's fields are not part of the stored final response, and a hit replays no interim response.
    const hit = await get(cdn.url, '/hinted');
    expect(hit).toMatchObject({ status: 200, body: 'final #1', interim: [] });
    expect(hit.headers['x-cache']).toBe('HIT');
    expect(hit.headers.link).toBeUndefined();
    expect(o.count()).toBe(1);
  });
});
