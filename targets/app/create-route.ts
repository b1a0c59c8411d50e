// POST /api/links: JSON body (parsed only here, 8 KiB max) → 201 { code, url, shortUrl }, or a JSON 4xx naming
// what was wrong. Store errors map to 409 (code taken) and 400 (code refused).
import express, { type NextFunction, type Request, type Response } from 'express';
import type { AppContext } from './app-context.ts';
import { isValidCode } from './codegen.ts';
import { CodeTakenError, InvalidCodeError } from './link-store.ts';
import { ROUTE } from './metrics.ts';
import { RESERVED_CODES } from './redirect-route.ts';
import { checkTargetUrl } from './target-url.ts';

/** Largest accepted request body, in bytes; larger is 413. */
export const MAX_BODY_BYTES = 8192;

const NO_STORE = { 'Cache-Control': 'no-store' };

/** The media type of a Content-Type header, lower-cased, without parameters ('' when absent). */
function mediaType(contentType: string | undefined): string {
  if (contentType === undefined) return '';
  const semi = contentType.indexOf(';');
  return (semi === -1 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
}

export function createRouteHandlers(ctx: AppContext) {
  const { reply, store } = ctx;

  function requireJson(req: Request, res: Response, next: NextFunction): void {
    res.locals.route = ROUTE.create;
    if (mediaType(req.headers['content-type']) !== 'application/json') {
      reply(res, ROUTE.create, 415, { error: 'Content-Type must be application/json' }, NO_STORE);
      return;
    }
    next();
  }

  const parseJson = express.json({ limit: MAX_BODY_BYTES, strict: true, type: () => true });

  async function create(req: Request, res: Response): Promise<void> {
    const body: unknown = req.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return reply(res, ROUTE.create, 400, { error: 'body must be a JSON object like {"url": "https://…"}' }, NO_STORE);
    }
    const fields = body as { url?: unknown; code?: unknown };
    const checked = checkTargetUrl(fields.url);
    if (!checked.ok) return reply(res, ROUTE.create, 400, { error: checked.error }, NO_STORE);
    let code: string | undefined;
    if (fields.code !== undefined && fields.code !== null) {
      if (!isValidCode(fields.code)) {
        return reply(res, ROUTE.create, 400, { error: 'code must be a string of 3 to 32 characters of A-Z, a-z, 0-9, "_" or "-"' }, NO_STORE);
      }
      if (RESERVED_CODES.has(fields.code)) {
        return reply(res, ROUTE.create, 400, { error: `code "${fields.code}" is reserved for a route` }, NO_STORE);
      }
      code = fields.code;
    }
    let link;
    try {
      link = await store.create(checked.url, code);
    } catch (err) {
      if (err instanceof CodeTakenError) return reply(res, ROUTE.create, 409, { error: err.message }, NO_STORE);
      if (err instanceof InvalidCodeError) return reply(res, ROUTE.create, 400, { error: err.message }, NO_STORE);
      throw err;
    }
    // A code looked up before it existed may sit in a cache as a negative entry: drop it before answering.
    if (ctx.onLinkChanged !== undefined) await ctx.onLinkChanged(link.code).catch(() => undefined);
    reply(res, ROUTE.create, 201, { code: link.code, url: link.url, shortUrl: ctx.shortUrl(req, link.code) }, {
      ...NO_STORE,
      Location: `/api/links/${link.code}`,
    });
  }

  return [requireJson, parseJson, create] as const;
}
