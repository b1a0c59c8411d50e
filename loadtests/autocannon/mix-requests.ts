// Builds autocannon's `requests` option from the shared workload model, for runs made with autocannon's own API.
import type { Request as AutocannonRequest } from 'autocannon';
import type { PlannedRequest } from '../workload/request-mix.ts';

export interface MixRequestsOptions {
  /** Path prefix of the target's base URL (e.g. '/v1'), prepended to every planned path (default ''). */
  pathPrefix?: string;
  /** Called with each request as it is drawn, just before autocannon writes it (the driver times requests by it). */
  onPlanned?: (p: PlannedRequest) => void;
}

/**
 * One request template whose setupRequest draws the next PlannedRequest: endpoint, method, path, JSON body for
 * creates, and `x-client-region` when the workload has regions. autocannon calls it once per request it sends.
 * The autocannon driver (and so the scenario scripts) sends the same requests through RawRequestBuilder instead,
 * which skips autocannon's per-request rendering (about half its CPU per request).
 */
export function mixRequests(mix: { next(): PlannedRequest }, opts: MixRequestsOptions = {}): AutocannonRequest[] {
  const prefix = opts.pathPrefix ?? '';
  return [
    {
      setupRequest: (req) => {
        const p = mix.next();
        opts.onPlanned?.(p);
        const headers: Record<string, string> = {};
        if (p.body !== undefined) headers['content-type'] = 'application/json';
        if (p.region !== undefined) headers['x-client-region'] = p.region;
        req.method = p.method;
        req.path = prefix + p.path;
        req.body = p.body ?? '';
        req.headers = headers;
        return req;
      },
    },
  ];
}
