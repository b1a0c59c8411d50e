// Sends one planned request from the workload model through k6/http, tagged by endpoint (and region) for the harness.
import http, { type RefinedResponse } from 'k6/http';
import type { Endpoint, PlannedRequest } from '../../workload/request-mix.ts';

type ExpectedStatusesCallback = ReturnType<typeof http.expectedStatuses>;

/** Header that tells the stage-4 CDN emulator which region a request comes from: the same as the open driver's. */
export const REGION_HEADER = 'x-client-region';

/** Route templates as the `name` tag, so k6 keeps one series per endpoint instead of one per code. */
const ROUTE_NAME: Record<Endpoint, string> = {
  redirect: 'GET /:code',
  unknown: 'GET /:code (unknown)',
  metadata: 'GET /api/links/:code',
  create: 'POST /api/links',
  slow: 'GET /:code?work-ms',
};

/** One `expectedStatuses` callback per endpoint, so http_req_failed counts a 404 for an unknown code as success. */
export function expectedCallbacks(): Record<Endpoint, ExpectedStatusesCallback> {
  const out = {} as Record<Endpoint, ExpectedStatusesCallback>;
  for (const e of Object.keys(EXPECTED_STATUS_K6) as Endpoint[]) out[e] = http.expectedStatuses(...EXPECTED_STATUS_K6[e]);
  return out;
}

export interface SendOptions {
  baseUrl: string;
  timeoutMs: number;
  callbacks: Record<Endpoint, ExpectedStatusesCallback>;
  /** Extra headers (If-None-Match for conditional metadata reads). */
  headers?: Record<string, string>;
  /** Extra tags (e.g. conditional: 'true'). */
  tags?: Record<string, string>;
}

export function sendPlanned(p: PlannedRequest, o: SendOptions): RefinedResponse<'none'> {
  const tags: Record<string, string> = { endpoint: p.endpoint, name: ROUTE_NAME[p.endpoint], ...o.tags };
  const headers: Record<string, string> = { ...o.headers };
  if (p.region !== undefined) {
    tags.region = p.region;
    headers[REGION_HEADER] = p.region;
  }
  if (p.body !== undefined) headers['Content-Type'] = 'application/json';
  return http.request(p.method, o.baseUrl + p.path, p.body ?? null, {
    tags,
    headers,
    redirects: 0,
    timeout: `${o.timeoutMs}ms`,
    responseType: 'none',
    responseCallback: o.callbacks[p.endpoint],
  });
}

export const EXPECTED_STATUS_K6: Record<Endpoint, readonly number[]> = {
  redirect: [301, 302],
  create: [201],
  metadata: [200, 304],
  unknown: [404],
  slow: [301, 302],
};
