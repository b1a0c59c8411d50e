// The origin as an upstream: an undici connection pool with timeouts; bodies are read whole (redirects are tiny).
import { Pool, errors } from 'undici';
import { UpstreamError, type Upstream, type UpstreamRequest, type UpstreamResponse } from './upstream.ts';

export interface OriginUpstream extends Upstream {
  /** Requests sent to the origin so far (every tier, every method). */
  readonly fetches: number;
  close(): Promise<void>;
}

export interface OriginOptions {
  /** Most connections kept to the origin. */
  connections: number;
  /** Headers and body timeouts, ms (a timeout answers 504). */
  timeoutMs: number;
}

/** Request fields undici refuses or manages itself. */
const UNDICI_MANAGED = new Set(['expect', 'content-length']);
const EMPTY = Buffer.alloc(0);

export function originUpstream(origin: string, o: OriginOptions): OriginUpstream {
  const pool = new Pool(origin, { connections: o.connections, pipelining: 1, keepAliveTimeout: 30_000 });
  let fetches = 0;
  let closed = false;
  return {
    name: 'origin',
    isOrigin: true,
    get fetches() {
      return fetches;
    },
    async fetch(req: UpstreamRequest): Promise<UpstreamResponse> {
      fetches++;
      const headers: Record<string, string | string[]> = {};
      for (const k in req.headers) if (!UNDICI_MANAGED.has(k)) headers[k] = req.headers[k];
      try {
        const res = await pool.request({
          path: req.path,
          method: req.method as 'GET',
          headers,
          body: req.body !== undefined && req.body.length > 0 ? req.body : undefined,
          headersTimeout: o.timeoutMs,
          onInfo: req.onInterim === undefined ? undefined : (i) => req.onInterim!(i.statusCode, i.headers),
          bodyTimeout: o.timeoutMs,
        });
        const status = res.statusCode;
        if (status === 304 || status === 204 || req.method === 'HEAD') {
          // No body by definition (RFC 9110 §6.4.1). A Content-Length on a 304 describes the selected representation;
          // undici counts it as this response's framing and fails the (empty) body with a length mismatch: ignore it.
          await res.body.dump().catch(() => {});
          return { status, headers: res.headers as UpstreamResponse['headers'], body: EMPTY };
        }
        const body = Buffer.from(await res.body.arrayBuffer());
        return { status, headers: res.headers as UpstreamResponse['headers'], body };
      } catch (err) {
        const timedOut = err instanceof errors.HeadersTimeoutError || err instanceof errors.BodyTimeoutError;
        const code = (err as { code?: string }).code;
        throw new UpstreamError(`${req.method} ${req.path}: ${code ?? (err as Error).message}`, timedOut ? 504 : 502);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.destroy();
    },
  };
}
