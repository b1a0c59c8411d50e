// The stage-1 URL shortener as an Express application: the redirect handler in front (the hot path), then the
// API, ops endpoints, 405/404 fallbacks and a JSON error handler. The JSON body parser runs on POST only.
import { warmCacheRoutes } from './warm-cache-route.ts';
import express from 'express';
import { createAppContext } from './app-context.ts';
import { resolveAppConfig, type AppConfig } from './config.ts';
import { createRouteHandlers } from './create-route.ts';
import { deleteRoute } from './delete-route.ts';
import { asMiddleware, installFrontRoute } from './front-route.ts';
import { errorHandler, methodNotAllowed, notFound } from './fallback-routes.ts';
import type { Link, LinkStore } from './link-store.ts';
import type { ClickSink } from '../analytics/click-sink.ts';
import type { LinkReader } from '../cache/link-source.ts';
import { metadataRoute } from './metadata-route.ts';
import { AppMetrics, ROUTE } from './metrics.ts';
import { healthzRoute, metricsRoute } from './ops-routes.ts';
import { redirectRoute } from './redirect-route.ts';

export interface AppDeps {
  /** Counters to use (default: new AppMetrics()). Reachable afterwards as app.locals.metrics. */
  metrics?: AppMetrics;
  /** Stage 2+: redirects read through this cache (default: the store directly). */
  reader?: LinkReader<Link>;
  /** Stage 2+: extra Prometheus families appended to /metrics. */
  extraMetrics?: () => string;
  /** Stage 2+: drops a code from every cache layer after a create (the delete route uses config.onDelete). */
  onLinkChanged?: (code: string) => Promise<void>;
  /** Where redirects count clicks (default: `store.recordClick`, synchronously). The caller flushes/closes it. */
  clicks?: ClickSink;
}

/**
 * Build the app over an open store. `config` may be partial; defaults come from DEFAULT_APP_CONFIG.
 * The caller owns the store; `app.locals.metrics.close()` stops event-loop sampling.
 */
export function createApp(config: Partial<AppConfig>, store: LinkStore, deps: AppDeps = {}): express.Application {
  const resolved = resolveAppConfig(config);
  const metrics = deps.metrics ?? new AppMetrics();
  const ctx = createAppContext(resolved, store, metrics, { reader: deps.reader, extraMetrics: deps.extraMetrics, clicks: deps.clicks, onLinkChanged: deps.onLinkChanged });
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.set('case sensitive routing', true);
  app.locals.metrics = metrics;
  app.locals.config = resolved;

  const redirect = redirectRoute(ctx);
  if (resolved.frontRedirect) installFrontRoute(app, redirect);
  else app.use(asMiddleware(redirect));
  app.use((_req, res, next) => {
    res.setHeader('X-Upstream', resolved.instanceId);
    next();
  });

  app.post('/api/links', ...createRouteHandlers(ctx));
  app.all('/api/links', methodNotAllowed(ctx, ROUTE.create, 'POST'));
  app.get('/api/links/:code', metadataRoute(ctx));
  app.delete('/api/links/:code', deleteRoute(ctx));
  app.all('/api/links/:code', methodNotAllowed(ctx, ROUTE.metadata, 'GET, HEAD, DELETE'));
  app.post('/api/ops/warm-cache', ...warmCacheRoutes(ctx));
  app.get('/healthz', healthzRoute(ctx));
  app.all('/healthz', methodNotAllowed(ctx, ROUTE.healthz, 'GET, HEAD'));
  app.get('/metrics', metricsRoute(ctx));
  app.all('/metrics', methodNotAllowed(ctx, ROUTE.metrics, 'GET, HEAD'));
  app.use(notFound(ctx));
  app.use(errorHandler(ctx));
  return app;
}
