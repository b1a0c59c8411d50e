// DELETE /api/links/:code with the admin Bearer token → 204 once the link is gone from the DB and the
// config's onDelete hook (cache invalidation, CDN purge in later stages) has finished.
import type { Request, Response } from 'express';
import type { AppContext } from './app-context.ts';
import { checkBearer } from './bearer-auth.ts';
import { isValidCode } from './codegen.ts';
import { ROUTE } from './metrics.ts';

const NO_STORE = { 'Cache-Control': 'no-store' };

export function deleteRoute(ctx: AppContext) {
  const { reply, store } = ctx;
  const { adminToken, onDelete } = ctx.config;

  return async function deleteLink(req: Request<{ code: string }>, res: Response): Promise<void> {
    res.locals.route = ROUTE.delete;
    const verdict = checkBearer(req.headers.authorization, adminToken);
    if (verdict === 'missing') {
      return reply(res, ROUTE.delete, 401, { error: 'send Authorization: Bearer <admin token>' }, {
        ...NO_STORE,
        'WWW-Authenticate': 'Bearer realm="scaleladder"',
      });
    }
    if (verdict === 'disabled') return reply(res, ROUTE.delete, 403, { error: 'deletes are disabled: the app has no admin token' }, NO_STORE);
    if (verdict === 'wrong') return reply(res, ROUTE.delete, 403, { error: 'admin token is not valid' }, NO_STORE);
    const code = req.params.code;
    if (!isValidCode(code) || !(await store.delete(code))) return reply(res, ROUTE.delete, 404, { error: 'no link with this code' }, NO_STORE);
    if (onDelete !== undefined) await onDelete(code);
    reply(res, ROUTE.delete, 204, undefined, NO_STORE);
  };
}
