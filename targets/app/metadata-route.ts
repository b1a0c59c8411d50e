// GET /api/links/:code: the link's metadata as JSON with a weak ETag; If-None-Match answers 304.
// `clicks` is a live counter outside the validator: a 304 says the link is unchanged, not that clicks are.
import type { Request, Response } from 'express';
import type { AppContext } from './app-context.ts';
import { isValidCode } from './codegen.ts';
import { ifNoneMatchHits, metadataEtag } from './etag.ts';
import { ROUTE } from './metrics.ts';

export function metadataRoute(ctx: AppContext) {
  const { reply, store } = ctx;
  const { metadataCacheControl, negativeTtlS } = ctx.config;
  const notFoundHeaders = { 'Cache-Control': `public, max-age=${negativeTtlS}` };

  return async function metadata(req: Request<{ code: string }>, res: Response): Promise<void> {
    res.locals.route = ROUTE.metadata;
    const code = req.params.code;
    const link = isValidCode(code) ? await store.getByCode(code) : undefined;
    if (link === undefined) return reply(res, ROUTE.metadata, 404, { error: 'no link with this code' }, notFoundHeaders);
    const etag = metadataEtag(link);
    const headers = { ETag: etag, 'Cache-Control': metadataCacheControl, 'Surrogate-Key': `link-${code}` };
    if (ifNoneMatchHits(req.headers['if-none-match'], etag)) return reply(res, ROUTE.metadata, 304, undefined, headers);
    reply(res, ROUTE.metadata, 200, {
      code: link.code,
      url: link.url,
      shortUrl: ctx.shortUrl(req, link.code),
      createdAt: new Date(link.createdAt).toISOString(),
      clicks: link.clicks,
    }, headers);
  };
}
