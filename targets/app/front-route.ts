// Puts the redirect handler in front of Express's per-request setup (prototype swaps, final handler, router walk)
// by wrapping app.handle, which the app function calls for every request; everything the handler declines
// goes through Express unchanged. Why: the redirect is the one hot path, and on this machine Express's own
// per-request work cost more CPU than the SQLite lookup and click write together (see harness/perf/redirect-perf.ts).
import type { Application, NextFunction, Request, Response } from 'express';
import type { RedirectHandler } from './redirect-route.ts';

type Handle = (req: Request, res: Response, next?: NextFunction) => void;

/** Serve `handler` before Express's router. `app.handle` exists in Express 4 and 5 but is not in the typings. */
export function installFrontRoute(app: Application, handler: RedirectHandler): void {
  const target = app as unknown as { handle: Handle };
  const expressHandle = target.handle;
  if (typeof expressHandle !== 'function') throw new Error('express app has no handle(): cannot install the front route');
  target.handle = function frontHandle(this: unknown, req, res, next) {
    if (!handler(req, res)) expressHandle.call(this, req, res, next);
  };
}

/** The same handler as ordinary first middleware (config.frontRedirect = false), for comparison. */
export function asMiddleware(handler: RedirectHandler) {
  return function redirectMiddleware(req: Request, res: Response, next: NextFunction): void {
    if (!handler(req, res)) next();
  };
}
