// Boots the app on an HTTP server: open the store, listen, and hand back a started handle with url, pid and an
// idempotent stop() (close the listener, let in-flight requests finish, flush pending clicks, then close the DB).
import { delayedSource } from '../cache/delayed-source.ts';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type AppDeps } from './app.ts';
import { clickMetricsText } from '../analytics/click-metrics.ts';
import { syncClickSink, type ClickSink } from '../analytics/click-sink.ts';
import { clickWriterFor } from '../analytics/click-writer-for.ts';
import { WriteBehindClickSink } from '../analytics/write-behind-sink.ts';
import { WriteThroughClickSink } from '../analytics/write-through-sink.ts';
// The Redis client (ioredis) and the CDN purge client (undici) are imported only where the config asks for them:
// together ~0.3 CPU-s per app start that a stage without a cache or a CDN never needs.
import type { LinkCache } from '../cache/create-link-cache.ts';
import { shardMetricsText } from '../shards/shard-metrics.ts';
import { ShardedLinkStore } from '../shards/sharded-link-store.ts';
import { resolveAppConfig, type AppConfig } from './config.ts';
import type { Link, LinkStore } from './link-store.ts';
import { AppMetrics } from './metrics.ts';
import { openLinkStore } from './open-link-store.ts';

export interface StartAppOptions {
  /** Serve from this store instead of opening config.dbPath; the caller then keeps ownership of it. */
  store?: LinkStore;
  /** How long stop() lets in-flight requests finish before cutting connections, in ms (default 5000). */
  stopGraceMs?: number;
}

export interface StartedApp {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  port: number;
  pid: number;
  config: AppConfig;
  store: LinkStore;
  metrics: AppMetrics;
  /** Where redirects count clicks (write-behind when config.writeBehind, write-through when config.writeThrough). */
  clicks: ClickSink;
  server: Server;
  /** Close listener, connections, metrics and (if opened here) the store. Safe to call twice. */
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export async function startApp(config: Partial<AppConfig> = {}, options: StartAppOptions = {}): Promise<StartedApp> {
  const { stopGraceMs = 5000 } = options;
  const resolved = resolveAppConfig(config);
  const ownStore = options.store === undefined;
  const store = options.store ?? (await openLinkStore(resolved));
  let cacheWriteErrors = 0;
  const clicks: ClickSink = resolved.writeBehind
    ? new WriteBehindClickSink({
        writer: clickWriterFor(store, resolved.busyTimeoutMs),
        flushMs: resolved.clickFlushMs,
        onFlushError: (err) => console.error(`scaleladder-app: click flush failed, clicks kept for the next one: ${err instanceof Error ? err.message : String(err)}`),
      })
    : resolved.writeThrough
      ? new WriteThroughClickSink({
          store,
          // A connection of its own (the cache's reader keeps its own): the same never-queueing, bounded client.
          redis: (await import('../cache/redis-client.ts')).createCacheClient({ url: resolved.redisUrl }),
          // The first failure and every 1000th after it: a Redis outage must not flood the log once per click.
          onCacheError: (err) => {
            if (cacheWriteErrors++ % 1000 === 0) console.error(`scaleladder-app: click write-through to Redis failed ${cacheWriteErrors}× so far (the DB writes stand): ${err instanceof Error ? err.message : String(err)}`);
          },
        })
      : syncClickSink(store);
  // Families appended to /metrics: clicks always, shards when sharded, the cache's when there is one (below).
  const ownMetrics = () =>
    clickMetricsText(clicks.stats, clicks.writeBehind, clicks.mode === 'write-through') + (store instanceof ShardedLinkStore ? shardMetricsText(store) : '') + (store.metricsText?.() ?? '');
  let server: Server | undefined;
  let metrics: AppMetrics | undefined;
  let cache: LinkCache<Link> | undefined;
  try {
    const deps: AppDeps = { metrics: new AppMetrics(resolved.localLruSize > 0 ? ['redis', 'local'] : ['redis']), clicks, extraMetrics: ownMetrics };
    const invalidators: ((code: string) => Promise<void>)[] = [];
    if (resolved.redisUrl !== undefined) {
      // Stage 2+: never fails when Redis is down; it serves from SQLite until Redis answers.
      const { createLinkCache } = await import('../cache/create-link-cache.ts');
      const c = await createLinkCache<Link>(delayedSource(store, resolved.dbReadDelayMs), {
        redisUrl: resolved.redisUrl,
        redis: { hopMs: resolved.hopMs },
        // Without the defences (measuring the stampede only): no single-flight, no XFetch early refresh.
        cache: { ttlMs: resolved.cacheTtlMs, ttlJitter: resolved.cacheTtlJitter, ...(resolved.stampedeDefences ? {} : { singleFlight: false, xfetchBeta: 0 }) },
        local: resolved.localLruSize > 0 ? { maxEntries: resolved.localLruSize, ttlMs: resolved.localLruTtlMs } : undefined,
      });
      cache = c;
      const appMetrics = deps.metrics!;
      deps.reader = c.reader;
      deps.extraMetrics = () => c.metricsText((layer) => appMetrics.cacheLayer(layer)) + ownMetrics();
      invalidators.push(async (code) => {
        await c.reader.invalidate(code);
      });
    }
    if (resolved.cdnUrl !== undefined) {
      // Stage 4+: the CDN holds the redirect under surrogate key link-<code>; a purge empties every PoP and the shield.
      const { cdnUrl, cdnPurgeToken } = resolved;
      const { purgeCdn } = await import('../cdn/purge-client.ts');
      invalidators.push(async (code) => {
        await purgeCdn(cdnUrl, cdnPurgeToken!, { keys: [`link-${code}`] });
      });
    }
    if (invalidators.length > 0) {
      deps.onLinkChanged = async (code) => {
        for (const inv of invalidators) await inv(code);
      };
      const userOnDelete = resolved.onDelete;
      resolved.onDelete = async (code) => {
        await deps.onLinkChanged!(code);
        await userOnDelete?.(code);
      };
    }
    const app = createApp(resolved, store, deps);
    metrics = app.locals.metrics as AppMetrics;
    const srv = createServer(app);
    server = srv;
    srv.keepAliveTimeout = resolved.keepAliveTimeoutMs;
    srv.headersTimeout = resolved.keepAliveTimeoutMs + 1000;
    await new Promise<void>((resolve, reject) => {
      srv.once('error', reject);
      srv.listen(resolved.port, resolved.host, () => {
        srv.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    metrics?.close();
    server?.close();
    await cache?.close();
    await clicks.close();
    if (ownStore) await store.close();
    throw err;
  }
  const srv = server;
  const appMetrics = metrics;
  const { address, port } = srv.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= new Promise<void>((resolve) => {
      const cut = setTimeout(() => srv.closeAllConnections(), stopGraceMs);
      srv.close(() => {
        clearTimeout(cut);
        appMetrics.close();
        void (cache?.close() ?? Promise.resolve()).finally(() => {
          // Every request has been answered: the clicks counted so far are final; write them before the DB closes
          // (a networked store's last batch is awaited).
          const flushed = (async () => clicks.close())().catch((err: unknown) => {
            console.error(`scaleladder-app: final click flush failed: ${err instanceof Error ? err.message : String(err)}`);
          });
          void flushed
            .then(() => (ownStore ? store.close() : undefined))
            .catch((err: unknown) => console.error(`scaleladder-app: closing the store failed: ${err instanceof Error ? err.message : String(err)}`))
            .finally(resolve);
        });
      });
      srv.closeIdleConnections();
    });
    return stopping;
  };
  return {
    url: `http://${host}:${port}`,
    port,
    pid: process.pid,
    config: resolved,
    store,
    metrics: appMetrics,
    clicks,
    server: srv,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
