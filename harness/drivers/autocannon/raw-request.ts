// Serializes a PlannedRequest into the HTTP/1.1 bytes autocannon writes, caching the GETs (Zipf-hot paths repeat).
import type { PlannedRequest } from '../../../loadtests/workload/request-mix.ts';

/** Most GET requests kept ready-made; past that they are built per request (bounds memory for huge code sets). */
const MAX_CACHED = 200_000;

/**
 * Builds raw requests for one target: `Host`, keep-alive, `x-client-region` when the plan has one, and a JSON body with
 * its Content-Length for creates. Cheaper than autocannon's per-request builder (setupRequest re-renders every header).
 */
export class RawRequestBuilder {
  private readonly cache = new Map<string, Buffer>();

  constructor(
    private readonly host: string,
    private readonly pathPrefix = '',
  ) {}

  build(p: PlannedRequest): Buffer {
    if (p.body === undefined) {
      const key = p.region === undefined ? p.path : `${p.path}\n${p.region}`;
      let b = this.cache.get(key);
      if (b === undefined) {
        b = Buffer.from(this.head(p) + '\r\n', 'latin1');
        if (this.cache.size < MAX_CACHED) this.cache.set(key, b);
      }
      return b;
    }
    const body = Buffer.from(p.body, 'utf8');
    const head = `${this.head(p)}Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    return Buffer.concat([Buffer.from(head, 'latin1'), body]);
  }

  private head(p: PlannedRequest): string {
    const region = p.region === undefined ? '' : `x-client-region: ${p.region}\r\n`;
    return `${p.method} ${this.pathPrefix}${p.path} HTTP/1.1\r\nHost: ${this.host}\r\nConnection: keep-alive\r\n${region}`;
  }
}
