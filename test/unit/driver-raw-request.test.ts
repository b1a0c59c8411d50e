// Raw HTTP/1.1 requests for the autocannon driver: what Node's own parser reads back is the planned request.
import http from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RawRequestBuilder } from '../../harness/drivers/autocannon/raw-request.ts';
import type { PlannedRequest } from '../../loadtests/workload/request-mix.ts';

let server: http.Server | null = null;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

/** Sends the raw bytes to a node:http server and returns what it parsed. */
async function parse(bytes: Buffer): Promise<{ method: string; url: string; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve) => {
    server = http.createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (d: string) => (body += d));
      req.on('end', () => {
        res.end();
        resolve({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      });
    });
    server.listen(0, '127.0.0.1', () => {
      const port = (server!.address() as net.AddressInfo).port;
      const s = net.connect(port, '127.0.0.1', () => s.write(bytes));
      s.on('data', () => s.destroy());
    });
  });
}

describe('raw requests', () => {
  it('given a create with a region, then the server reads method, path, headers and the JSON body', async () => {
    const p: PlannedRequest = { endpoint: 'create', method: 'POST', path: '/api/links', body: '{"url":"https://example.org/é"}', rank: 0, region: 'eu' };
    const got = await parse(new RawRequestBuilder('127.0.0.1:1234', '/v1').build(p));
    expect(got.method).toBe('POST');
    expect(got.url).toBe('/v1/api/links');
    expect(got.headers.host).toBe('127.0.0.1:1234');
    expect(got.headers['x-client-region']).toBe('eu');
    expect(got.headers['content-type']).toBe('application/json');
    expect(JSON.parse(got.body)).toEqual({ url: 'https://example.org/é' });
  });

  it('given the same redirect twice, then the bytes are reused and parse as a keep-alive GET', async () => {
    const b = new RawRequestBuilder('localhost:80');
    const p: PlannedRequest = { endpoint: 'redirect', method: 'GET', path: '/abcdefg', rank: 1 };
    expect(b.build(p)).toBe(b.build({ ...p }));
    const got = await parse(b.build(p));
    expect(got.method).toBe('GET');
    expect(got.url).toBe('/abcdefg');
    expect(got.headers.connection).toBe('keep-alive');
    expect(got.headers['x-client-region']).toBeUndefined();
  });
});
