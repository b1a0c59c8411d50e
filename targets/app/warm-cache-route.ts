// POST /api/ops/warm-cache with the admin Bearer token and {"codes": [...]}: a cache warmer. Each code is read from the
// store and written into the shared cache (Redis) with the usual TTL, so a bench can start with Redis in the steady
// state a fleet's has (the harness's --prime). With {"layer": "local"} it fills this process's LRU instead, each entry
// with a remaining lifetime spread over the TTL (a steady state's ages; HEAD requests would give them one expiry).
// 404 without the layer asked for.
import express, { type Request, type Response } from 'express';
import type { AppContext } from './app-context.ts';
import { checkBearer } from './bearer-auth.ts';
import { isValidCode } from './codegen.ts';
import { isPromise, type Link } from './link-store.ts';
import { ROUTE } from './metrics.ts';
import { WARM_MAX_CODES } from '../cache/link-source.ts';

const NO_STORE = { 'Cache-Control': 'no-store' };

export function warmCacheRoutes(ctx: AppContext) {
  const { reply, store, reader } = ctx;
  const parse = express.json({ limit: '1mb', strict: true, type: () => true });
  const warm = async (req: Request, res: Response): Promise<void> => {
    res.locals.route = ROUTE.other;
    const verdict = checkBearer(req.headers.authorization, ctx.config.adminToken);
    if (verdict === 'missing') return reply(res, ROUTE.other, 401, { error: 'send Authorization: Bearer <admin token>' }, { ...NO_STORE, 'WWW-Authenticate': 'Bearer realm="scaleladder"' });
    if (verdict === 'disabled') return reply(res, ROUTE.other, 403, { error: 'the cache warmer is disabled: the app has no admin token' }, NO_STORE);
    if (verdict === 'wrong') return reply(res, ROUTE.other, 403, { error: 'admin token is not valid' }, NO_STORE);
    const body = req.body as { codes?: unknown; layer?: unknown } | undefined;
    const layer = body?.layer ?? 'shared';
    if (layer !== 'shared' && layer !== 'local') return reply(res, ROUTE.other, 400, { error: 'layer must be "shared" (Redis, the default) or "local" (this process\'s LRU)' }, NO_STORE);
    if (layer === 'shared' && reader?.warm === undefined) return reply(res, ROUTE.other, 404, { error: 'this app has no shared cache to warm (start it with --redis-url)' }, NO_STORE);
    if (layer === 'local' && reader?.warmLocal === undefined) return reply(res, ROUTE.other, 404, { error: 'this app has no local LRU to warm (start it with --redis-url and --local-lru-size)' }, NO_STORE);
    const codes: unknown = body?.codes;
    if (!Array.isArray(codes) || codes.length > WARM_MAX_CODES || !codes.every((c) => typeof c === 'string' && isValidCode(c))) {
      return reply(res, ROUTE.other, 400, { error: `send {"codes": [...]} with up to ${WARM_MAX_CODES} valid codes` }, NO_STORE);
    }
    const found: [string, Link][] = [];
    for (const code of codes as string[]) {
      const r = store.getByCode(code);
      const link = isPromise(r) ? await r : r;
      if (link !== undefined) found.push([code, link]);
    }
    const warmed = layer === 'local' ? reader!.warmLocal!(found) : await reader!.warm!(found);
    reply(res, ROUTE.other, 200, { warmed, missing: codes.length - found.length }, NO_STORE);
  };
  return [parse, warm] as const;
}
