// Boots the app on an HTTP server: open the store, listen, and hand back a started handle with url, pid and an
// idempotent stop() (close the listener, let in-flight requests finish, then close the DB).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type AppDeps } from './app.ts';
import { createLinkCache, type LinkCache } from '../cache/create-link-cache.ts';
import { resolveAppConfig, type AppConfig } from './config.ts';
import type { Link, LinkStore } from './link-store.ts';
import { AppMetrics } from './metrics.ts';
import { SqliteLinkStore } from './sqlite-link-store.ts';

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
  server: Server;
  /** Close listener, connections, metrics and (if opened here) the store. Safe to call twice. */
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export async function startApp(config: Partial<AppConfig> = {}, options: StartAppOptions = {}): Promise<StartedApp> {
  const { stopGraceMs = 5000 } = options;
  const resolved = resolveAppConfig(config);
  const ownStore = options.store === undefined;
  const store = options.store ?? new SqliteLinkStore(resolved.dbPath, {
    codeKey: resolved.codeKey,
    busyTimeoutMs: resolved.busyTimeoutMs,
    walAutocheckpointPages: resolved.walAutocheckpointPages,
  });
  let server: Server | undefined;
  let metrics: AppMetrics | undefined;
  let cache: LinkCache<Link> | undefined;
  try {
    const deps: AppDeps = { metrics: new AppMetrics(resolved.localLruSize > 0 ? ['redis', 'local'] : ['redis']) };
    if (resolved.redisUrl !== undefined) {
      // Stage 2+: never fails when Redis is down; it serves from SQLite until Redis answers.
      const c = await createLinkCache<Link>(store, {
        redisUrl: resolved.redisUrl,
        cache: { ttlMs: resolved.cacheTtlMs },
        local: resolved.localLruSize > 0 ? { maxEntries: resolved.localLruSize, ttlMs: resolved.localLruTtlMs } : undefined,
      });
      cache = c;
      const appMetrics = deps.metrics!;
      deps.reader = c.reader;
      deps.extraMetrics = () => c.metricsText((layer) => appMetrics.cacheLayer(layer));
      const userOnDelete = resolved.onDelete;
      resolved.onDelete = async (code) => {
        await c.reader.invalidate(code);
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
    if (ownStore) store.close();
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
          if (ownStore) store.close();
          resolve();
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
    server: srv,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
