// Asks the balancer for each path and reads which app process answered, from the headers the apps and balancers set.
import { Agent, request } from 'undici';

/** Header names naming the answering process, most specific first: the app's own id, HAProxy's server name, nginx's address. */
export const UPSTREAM_HEADERS = ['x-upstream', 'x-upstream-server', 'x-upstream-addr'] as const;

export interface Observation {
  path: string;
  /** The answering process's id, or undefined when no header named it (e.g. a balancer error page). */
  upstream: string | undefined;
  /** HTTP status, or 0 on a connection error. */
  status: number;
}

/** The app id in a response's headers (`X-Upstream` first). */
export function upstreamFromHeaders(headers: Record<string, string | string[] | undefined>): string | undefined {
  for (const name of UPSTREAM_HEADERS) {
    const v = headers[name];
    if (typeof v === 'string' && v !== '') return v;
    if (Array.isArray(v) && v.length > 0) return v[0];
  }
  return undefined;
}

/**
 * GETs every path (without following redirects; a path may repeat) with `concurrency` requests in flight on fresh
 * keep-alive connections, and returns what answered each, in the order of `paths`. A failed request is recorded with
 * status 0, never thrown.
 */
export async function observeUpstreams(baseUrl: string, paths: readonly string[], options: { concurrency?: number; timeoutMs?: number } = {}): Promise<Observation[]> {
  const { concurrency = 8, timeoutMs = 5_000 } = options;
  const agent = new Agent({ connections: concurrency, keepAliveTimeout: 10_000 });
  const out = new Array<Observation>(paths.length);
  let next = 0;
  try {
    await Promise.all(
      Array.from({ length: Math.min(concurrency, paths.length) }, async () => {
        while (next < paths.length) {
          const i = next++;
          const p = paths[i];
          try {
            const res = await request(new URL(p, baseUrl), { dispatcher: agent, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
            await res.body.dump();
            out[i] = { path: p, upstream: upstreamFromHeaders(res.headers), status: res.statusCode };
          } catch {
            out[i] = { path: p, upstream: undefined, status: 0 };
          }
        }
      }),
    );
  } finally {
    await agent.close();
  }
  return out;
}
