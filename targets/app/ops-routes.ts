// GET /healthz (readiness: the store is open) and GET /metrics (Prometheus text; ?reset=1 starts a new
// event-loop delay window after this scrape).
import type { Request, Response } from 'express';
import type { AppContext } from './app-context.ts';
import { ROUTE } from './metrics.ts';

const NO_STORE = { 'Cache-Control': 'no-store' };

export function healthzRoute(ctx: AppContext) {
  return function healthz(_req: Request, res: Response): void {
    res.locals.route = ROUTE.healthz;
    if (ctx.store.isOpen()) ctx.reply(res, ROUTE.healthz, 200, { ok: true }, NO_STORE);
    else ctx.reply(res, ROUTE.healthz, 503, { ok: false, error: 'database is closed' }, NO_STORE);
  };
}

export function metricsRoute(ctx: AppContext) {
  return function metrics(req: Request, res: Response): void {
    res.locals.route = ROUTE.metrics;
    // Counted before rendering, so a scrape sees itself.
    ctx.metrics.count(ROUTE.metrics, 200);
    // Extra families first: rendering them also copies the cache's hit/miss counts into the per-layer counters.
    const extra = ctx.extraMetrics?.() ?? '';
    const text = ctx.metrics.render(ctx.store.stats, { instanceId: ctx.config.instanceId, stage: ctx.config.stage }) + extra;
    if (req.query.reset === '1') ctx.metrics.resetEventLoopDelay();
    res.writeHead(200, {
      ...NO_STORE,
      'Content-Type': 'text/plain; version=0.0.4; charset=utf-8',
      'Content-Length': Buffer.byteLength(text),
    });
    res.end(text);
  };
}
