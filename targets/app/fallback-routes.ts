// The app's last handlers: 405 with Allow for known paths, 404 JSON for the rest, and the error handler that
// turns body-parser and store errors into JSON 4xx/503 and anything unexpected into a JSON 500.
import type { NextFunction, Request, Response } from 'express';
import type { AppContext } from './app-context.ts';
import { StoreBusyError } from './link-store.ts';
import { ROUTE, type RouteId } from './metrics.ts';
import { MAX_BODY_BYTES } from './create-route.ts';
import { CODE_PATH, RESERVED_CODES } from './redirect-route.ts';

const NO_STORE = { 'Cache-Control': 'no-store' };

/** 405 for a path that exists under other methods. */
export function methodNotAllowed(ctx: AppContext, route: RouteId, allow: string) {
  return function notAllowed(req: Request, res: Response): void {
    ctx.reply(res, route, 405, { error: `method ${req.method} not allowed here; allowed: ${allow}` }, { ...NO_STORE, Allow: allow });
  };
}

/** Last route: a code-shaped path answers 405 (only GET/HEAD redirect), anything else 404. */
export function notFound(ctx: AppContext) {
  return function fallback(req: Request, res: Response): void {
    const path = req.path;
    // GET/HEAD of a code path is the redirect route's; only other methods get the 405 here.
    if (req.method !== 'GET' && req.method !== 'HEAD' && CODE_PATH.test(path) && !RESERVED_CODES.has(path.slice(1))) {
      return ctx.reply(res, ROUTE.redirect, 405, { error: `method ${req.method} not allowed here; allowed: GET, HEAD` }, { ...NO_STORE, Allow: 'GET, HEAD' });
    }
    ctx.reply(res, ROUTE.other, 404, { error: `no route for ${req.method} ${path.length > 100 ? `${path.slice(0, 100)}…` : path}` }, NO_STORE);
  };
}

/** Client-side body errors from body-parser (err.type), with the message we give back. */
const BODY_ERRORS: Record<string, [number, string]> = {
  'entity.too.large': [413, `request body is larger than ${MAX_BODY_BYTES} bytes`],
  'entity.parse.failed': [400, 'request body is not valid JSON'],
  'encoding.unsupported': [415, 'unsupported Content-Encoding; send identity, gzip, deflate or br'],
  'charset.unsupported': [415, 'unsupported charset; send utf-8 JSON'],
  'request.aborted': [400, 'request body was aborted'],
  'request.size.invalid': [400, 'request body size does not match Content-Length'],
  'parameters.too.many': [413, 'too many parameters'],
};

export function errorHandler(ctx: AppContext) {
  return function onError(err: unknown, req: Request, res: Response, _next: NextFunction): void {
    const route: RouteId = (res.locals.route as RouteId | undefined) ?? ROUTE.other;
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (err instanceof StoreBusyError) {
      return ctx.reply(res, route, 503, { error: err.message }, { ...NO_STORE, 'Retry-After': '1' });
    }
    const e = err as { type?: unknown; status?: unknown; expose?: unknown; message?: unknown };
    const known = typeof e.type === 'string' ? BODY_ERRORS[e.type] : undefined;
    if (known !== undefined) return ctx.reply(res, route, known[0], { error: known[1] }, NO_STORE);
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
      // e.g. the router's URIError for a path like /api/links/%E0%A4 carries status 400 but no `expose`.
      const message = e.expose === true ? String(e.message) : err instanceof URIError ? 'malformed percent-encoding in the path' : 'bad request';
      return ctx.reply(res, route, e.status, { error: message }, NO_STORE);
    }
    console.error(`scaleladder-app: ${req.method} ${req.url.slice(0, 200)} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    ctx.reply(res, route, 500, { error: 'internal error' }, NO_STORE);
  };
}
