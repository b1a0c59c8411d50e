// GET /:code, the hot path, on plain node req/res: no body parsing, no router params, one prepared lookup,
// one click counted through the context's ClickSink (a synchronous write, in memory with write-behind, or an awaited
// write on a networked store), all headers in one writeHead. Returns false for anything that is not a code.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppContext } from './app-context.ts';
import { trackBalancerWait } from './balancer-wait.ts';
import { burnCpuMs, requestedWorkMs } from './cpu-work.ts';
import { redirectEtag } from './etag.ts';
import { StoreBusyError, isPromise, type Link } from './link-store.ts';
import { ROUTE } from './metrics.ts';

/** Single path segments that are routes of their own, never codes (custom codes refuse them too). */
export const RESERVED_CODES: ReadonlySet<string> = new Set(['api', 'healthz', 'metrics']);

/** A path that may name a link: '/' then 3..32 of [A-Za-z0-9_-] (custom codes and 7-char generated ones). */
export const CODE_PATH = /^\/[A-Za-z0-9_-]{3,32}$/;

const NOT_FOUND_BODY = Buffer.from(JSON.stringify({ error: 'no link with this code' }));

/** Answers a redirect (or the 404 of an unknown code) and returns true; false leaves the request to Express. */
export type RedirectHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

export function redirectRoute(ctx: AppContext): RedirectHandler {
  const { store, metrics, reader, clicks } = ctx;
  const { redirectStatus, redirectCacheControl, varyUserAgent, instanceId, negativeTtlS, maxWorkMs } = ctx.config;
  // '' sends no Cache-Control (the status alone speaks: what the 301-vs-302 experiment compares); Vary only when asked.
  const cacheFields: Record<string, string> = {
    ...(redirectCacheControl !== '' ? { 'Cache-Control': redirectCacheControl } : {}),
    ...(varyUserAgent ? { Vary: 'User-Agent' } : {}),
  };
  const negativeCacheControl = `public, max-age=${negativeTtlS}`;
  const notFoundLength = String(NOT_FOUND_BODY.length);

  /** Writes the answer for a looked-up link (or its absence). */
  function respond(res: ServerResponse, code: string, link: Link | undefined): void {
    if (link === undefined) {
      metrics.count(ROUTE.redirect, 404);
      res.writeHead(404, {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': notFoundLength,
        'Cache-Control': negativeCacheControl,
        'Surrogate-Key': `link-${code}`,
        'X-Upstream': instanceId,
      });
      res.end(NOT_FOUND_BODY);
      return;
    }
    metrics.count(ROUTE.redirect, redirectStatus);
    res.writeHead(redirectStatus, {
      Location: link.url,
      ...cacheFields,
      ETag: redirectEtag(link),
      'Surrogate-Key': `link-${code}`,
      'X-Upstream': instanceId,
      'Content-Length': '0',
    });
    res.end();
  }

  /** Counts the click (GET only), then answers; a networked store's click write is awaited before the answer. */
  function answer(res: ServerResponse, method: string, code: string, link: Link | undefined): void {
    // HEAD is a probe (link checkers, monitors), not a visit: it is answered but not counted as a click.
    if (link !== undefined && method === 'GET') {
      const written = clicks.record(link.id, link.code);
      if (written !== undefined) {
        written.then(() => respond(res, code, link), (err: unknown) => fail(res, code, err));
        return;
      }
    }
    respond(res, code, link);
  }

  /** answer() for a lookup that finished later (a networked store or the cache). */
  function answerLater(res: ServerResponse, method: string, code: string, pending: Promise<Link | undefined>): void {
    pending.then(
      (link) => {
        try {
          answer(res, method, code, link);
        } catch (err) {
          fail(res, code, err);
        }
      },
      (err: unknown) => fail(res, code, err),
    );
  }

  function fail(res: ServerResponse, code: string, err: unknown): void {
    const busy = err instanceof StoreBusyError;
    if (!busy) console.error(`scaleladder-app: GET /${code} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    ctx.reply(res, ROUTE.redirect, busy ? 503 : 500, { error: busy ? err.message : 'internal error' }, {
      'Cache-Control': 'no-store',
      'X-Upstream': instanceId,
      ...(busy ? { 'Retry-After': '1' } : {}),
    });
  }

  return function redirect(req, res) {
    const method = req.method;
    if (method !== 'GET' && method !== 'HEAD') return false;
    const path = requestPath(req.url ?? '');
    if (path === undefined || !CODE_PATH.test(path)) return false;
    const code = path.slice(1);
    if (RESERVED_CODES.has(code)) return false;
    trackBalancerWait(req, res, metrics.balancerWait);
    if (maxWorkMs > 0) burnCpuMs(requestedWorkMs(req.url ?? '', maxWorkMs));
    if (reader !== undefined) {
      // Stage 2+: cache-aside lookup (never rejects for a cache failure: it falls back to the store itself).
      answerLater(res, method, code, reader.get(code));
      return true;
    }
    try {
      const found = store.getByCode(code);
      // SQLite answers at once (no Promise on its hot path); a networked store answers later.
      if (isPromise(found)) answerLater(res, method, code, found);
      else answer(res, method, code, found);
    } catch (err) {
      fail(res, code, err);
    }
    return true;
  };
}

/** The path of a request-target as Express's req.path sees it: origin-form up to the first '?' or '#', or the path
 *  of an absolute-form target (RFC 9112 §3.2.2). undefined for anything else ('*', authority-form). */
function requestPath(target: string): string | undefined {
  if (target.charCodeAt(0) !== 47 /* '/' */) {
    if (!/^https?:\/\//i.test(target)) return undefined;
    try {
      return new URL(target).pathname;
    } catch {
      return undefined;
    }
  }
  const q = target.indexOf('?');
  const path = q === -1 ? target : target.slice(0, q);
  const h = path.indexOf('#');
  return h === -1 ? path : path.slice(0, h);
}
