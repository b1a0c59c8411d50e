// What every route of the app shares: resolved config, the store, the metrics, and a counted response writer.
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Request } from 'express';
import { syncClickSink, type ClickSink } from '../analytics/click-sink.ts';
import type { LinkReader } from '../cache/link-source.ts';
import type { AppConfig } from './config.ts';
import type { Link, LinkStore } from './link-store.ts';
import type { AppMetrics, RouteId } from './metrics.ts';

export interface AppContext {
  config: AppConfig;
  store: LinkStore;
  metrics: AppMetrics;
  /** Stage 2+: the cached reader redirects go through (undefined: the store, synchronously). */
  reader?: LinkReader<Link>;
  /** Stage 2+: drops a code from every cache layer (Redis, local LRU, CDN) after it was created or deleted. */
  onLinkChanged?: (code: string) => Promise<void>;
  /** Stage 2+: Prometheus families appended to /metrics (cache lock waits, fallbacks, breaker…). */
  extraMetrics?: () => string;
  /** Where a redirect counts its click: the store, synchronously (default), or a write-behind batcher (stage 5). */
  clicks: ClickSink;
  /** Write a complete response (JSON when `body` is an object, none when undefined) and count it. */
  reply(res: ServerResponse, route: RouteId, status: number, body?: unknown, headers?: OutgoingHttpHeaders): void;
  /** The public short URL of a code: config.publicBaseUrl, else http://<Host header>. */
  shortUrl(req: Request, code: string): string;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const SAFE_HOST = /^[A-Za-z0-9.\-:[\]]{1,255}$/;

export function createAppContext(
  config: AppConfig,
  store: LinkStore,
  metrics: AppMetrics,
  extras: Partial<Pick<AppContext, 'reader' | 'extraMetrics' | 'clicks' | 'onLinkChanged'>> = {},
): AppContext {
  const base = config.publicBaseUrl;
  const { clicks = syncClickSink(store), ...rest } = extras;
  return {
    config,
    store,
    metrics,
    clicks,
    ...rest,
    reply(res, route, status, body, headers) {
      metrics.count(route, status);
      if (body === undefined) {
        res.writeHead(status, headers);
        res.end();
        return;
      }
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      res.writeHead(status, {
        'Content-Type': JSON_TYPE,
        'Content-Length': Buffer.byteLength(text),
        ...headers,
      });
      res.end(text);
    },
    shortUrl(req, code) {
      if (base !== undefined) return `${base}/${code}`;
      const host = req.headers.host;
      return `http://${host !== undefined && SAFE_HOST.test(host) ? host : `${config.host}:${config.port}`}/${code}`;
    },
  };
}
