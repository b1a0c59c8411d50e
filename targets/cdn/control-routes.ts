// The CDN's own endpoints under /__cdn/: healthz, stats (JSON), metrics (Prometheus text), purge (bearer token).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerMatches, parsePurgeBody, PurgeInputError, type PurgeRequest, type PurgeResult } from './purge.ts';

export interface ControlOptions {
  stats: () => unknown;
  metrics: () => string;
  purge: (p: Required<PurgeRequest>) => PurgeResult;
  purgeToken: string | null;
}

const MAX_PURGE_BODY = 1024 * 1024;

function json(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  const text = JSON.stringify(body, null, 2) + '\n';
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text), ...extra });
  res.end(text);
}

export function createControl(o: ControlOptions): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const path = (req.url ?? '').split('?')[0];
    const method = req.method ?? 'GET';
    if (path === '/__cdn/healthz' && (method === 'GET' || method === 'HEAD')) {
      res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'no-store', 'content-length': 3 });
      res.end('ok\n');
      return;
    }
    if (path === '/__cdn/stats' && method === 'GET') return json(res, 200, o.stats());
    if (path === '/__cdn/metrics' && method === 'GET') {
      const text = o.metrics();
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
      res.end(text);
      return;
    }
    if (path === '/__cdn/purge') {
      if (method !== 'POST') return json(res, 405, { error: 'use POST' }, { allow: 'POST' });
      if (o.purgeToken === null) return json(res, 403, { error: 'purging is disabled: start the CDN with --purge-token' });
      if (!bearerMatches(req.headers.authorization, o.purgeToken)) {
        req.resume();
        return json(res, 401, { error: 'missing or wrong bearer token' }, { 'www-authenticate': 'Bearer realm="scaleladder-cdn"' });
      }
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size <= MAX_PURGE_BODY) chunks.push(c);
      });
      req.on('end', () => {
        if (size > MAX_PURGE_BODY) return json(res, 413, { error: `purge body over ${MAX_PURGE_BODY} bytes` });
        try {
          json(res, 200, o.purge(parsePurgeBody(Buffer.concat(chunks).toString('utf8'))));
        } catch (err) {
          if (err instanceof PurgeInputError) json(res, 400, { error: err.message });
          else json(res, 500, { error: (err as Error).message });
        }
      });
      return;
    }
    json(res, 404, { error: `no CDN endpoint ${method} ${path}; endpoints: /__cdn/healthz, /__cdn/stats, /__cdn/metrics, POST /__cdn/purge` });
  };
}
