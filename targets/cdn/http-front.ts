// The client-facing HTTP handler: control paths, region → PoP routing, emulated client↔edge RTT, hit fast path.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { CacheTier } from './cache-tier.ts';
import { scanRequest, type Scan } from './request-scan.ts';
import type { Served, TierRequest } from './served.ts';
import type { StoredResponse } from './stored-response.ts';
import { writeInterim, writePassed, writeStored } from './write-served.ts';

/** Where requests of one region go, and how far away they are. */
export interface Route {
  /** Region label as sent in `x-client-region` ('default' for requests without a known region). */
  region: string;
  pop: CacheTier;
  /** Emulated client↔edge round trip, added before every answer. */
  rttMs: number;
  /** Requests routed this way. */
  requests: number;
}

export interface FrontOptions {
  routes: Map<string, Route>;
  defaultRoute: Route;
  /** Handles `/__cdn/*`. */
  control: (req: IncomingMessage, res: ServerResponse) => void;
  clock: () => number;
  hideSurrogateHeaders: boolean;
  /** Largest request body forwarded (unsafe methods), bytes. */
  maxRequestBodyBytes: number;
}

/** Header naming the client's region (the load generator sets it per its region mix). */
export const REGION_HEADER = 'x-client-region';

export function createFront(o: FrontOptions): RequestListener {
  const { routes, defaultRoute, clock, hideSurrogateHeaders: hide } = o;

  function write(res: ServerResponse, route: Route, s: Served, head: boolean): void {
    const tier = route.pop;
    if (res.destroyed) return;
    tier.counters.bytesServed +=
      s.kind === 'stored'
        ? writeStored(res, s.entry, s.cache, s.notModified, head, clock(), tier.name, hide, s.upstreamCache, s.range)
        : writePassed(res, s, head, tier.name, hide);
  }

  function answer(res: ServerResponse, route: Route, s: Served, head: boolean): void {
    if (route.rttMs > 0) setTimeout(write, route.rttMs, res, route, s, head);
    else write(res, route, s, head);
  }

  function slow(req: IncomingMessage, res: ServerResponse, route: Route, tr: TierRequest): void {
    tr.onInterim = (status, headers) => writeInterim(req, res, status, headers);
    route.pop
      .handleSlow(tr)
      .then((s) => answer(res, route, s, tr.method === 'HEAD'))
      .catch((err: unknown) => {
        process.stderr.write(`scaleladder-cdn: ${route.pop.name}: ${(err as Error).stack ?? String(err)}\n`);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('internal error\n');
      });
  }

  /** A fresh hit: written at once, or after the region's RTT. */
  function writeHit(res: ServerResponse, route: Route, e: StoredResponse, head: boolean): void {
    if (res.destroyed) return;
    const tier = route.pop;
    tier.counters.bytesServed += writeStored(res, e, 'HIT', false, head, clock(), tier.name, hide);
  }

  // Reused by every request: the hit path allocates nothing of its own (single-threaded, used before any await).
  const scan: Scan = { fields: 0, region: undefined };

  return (req, res) => {
    const url = req.url ?? '/';
    if (url.startsWith('/__cdn/')) return o.control(req, res);
    const method = req.method ?? 'GET';
    if (method === 'GET' || method === 'HEAD') {
      // The hit path reads rawHeaders once and never builds req.headers (unless a Vary selection needs it).
      const { fields, region } = scanRequest(req.rawHeaders, REGION_HEADER, scan);
      const route = (region !== undefined && routes.get(region)) || defaultRoute;
      route.requests++;
      const e = route.pop.freshHitScanned(url, fields, req);
      if (e !== undefined) {
        if (route.rttMs > 0) setTimeout(writeHit, route.rttMs, res, route, e, method === 'HEAD');
        else writeHit(res, route, e, method === 'HEAD');
        return;
      }
      return slow(req, res, route, { method, url, headers: req.headers });
    }
    const region = req.headers[REGION_HEADER];
    const route = (typeof region === 'string' && routes.get(region)) || defaultRoute;
    route.requests++;
    const tr: TierRequest = { method, url, headers: req.headers };
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= o.maxRequestBodyBytes) chunks.push(c);
    });
    req.on('error', () => res.destroy());
    req.on('end', () => {
      if (size > o.maxRequestBodyBytes) {
        res.writeHead(413, { 'content-type': 'text/plain', connection: 'close' });
        res.end(`request body over ${o.maxRequestBodyBytes} bytes\n`);
        return;
      }
      tr.body = Buffer.concat(chunks);
      slow(req, res, route, tr);
    });
  };
}
