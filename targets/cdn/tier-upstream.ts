// The shield tier seen by the edges as their upstream: in-process calls, answers converted to upstream responses.
import { contentRange } from './byte-range.ts';
import type { CacheTier } from './cache-tier.ts';
import { notModifiedHeaders } from './pass-headers.ts';
import { servedAge } from './stored-response.ts';
import type { Upstream, UpstreamResponse } from './upstream.ts';

const EMPTY = Buffer.alloc(0);

/** The shield answers with its own X-Cache in `x-cache-shield`, which the edge reports and never stores. */
export function tierUpstream(tier: CacheTier, clock: () => number): Upstream {
  return {
    name: tier.name,
    isOrigin: false,
    async fetch(req): Promise<UpstreamResponse> {
      const served = await tier.handle({ method: req.method, url: req.path, headers: req.headers, body: req.body, onInterim: req.onInterim });
      const head = req.method === 'HEAD';
      if (served.kind === 'passed') {
        tier.counters.bytesServed += head ? 0 : served.body.length;
        return { status: served.status, headers: { ...served.headers, 'x-cache-shield': served.cache }, body: served.body };
      }
      const e = served.entry;
      const headers: UpstreamResponse['headers'] = { ...e.headers, age: String(Math.max(0, Math.floor(servedAge(e, clock())))), 'x-cache-shield': served.cache };
      if (served.notModified) return { status: 304, headers: notModifiedHeaders(headers), body: EMPTY };
      if (served.range !== undefined) {
        const { start, end } = served.range;
        headers['content-range'] = contentRange(served.range, e.body.length);
        tier.counters.bytesServed += end - start + 1;
        return { status: 206, headers, body: e.body.subarray(start, end + 1) };
      }
      tier.counters.bytesServed += head ? 0 : e.body.length;
      return { status: e.status, headers, body: head ? EMPTY : e.body };
    },
  };
}
