// Boots the app on an HTTP server: open the store, listen, and hand back a started handle with url, pid and an
// idempotent stop() (close the listener, let in-flight requests finish, then close the DB).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.ts';
import { resolveAppConfig, type AppConfig } from './config.ts';
import type { LinkStore } from './link-store.ts';
import type { AppMetrics } from './metrics.ts';
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
  try {
    const app = createApp(resolved, store);
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
        if (ownStore) store.close();
        resolve();
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
