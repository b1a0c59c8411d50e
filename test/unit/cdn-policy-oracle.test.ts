// Differential test against http-cache-semantics (CachePolicy, shared: true) on the well-formed subset where that
// library follows RFC 9111: storability and freshness lifetime must agree. Where they differ on purpose (status codes,
// must-revalidate, proxy-revalidate, 304 merging, CDN-Cache-Control) is covered by the RFC-section tests.
import fc from 'fast-check';
import CachePolicy from 'http-cache-semantics';
import { describe, expect, it } from 'vitest';
import { freshnessLifetime } from '../../targets/cdn/freshness.ts';
import { formatHttpDate } from '../../targets/cdn/http-date.ts';
import { NO_REQUEST_DIRECTIVES } from '../../targets/cdn/request-directives.ts';
import { responseDirectives } from '../../targets/cdn/response-directives.ts';
import { notStorableReason } from '../../targets/cdn/storability.ts';

const NOW = Date.UTC(2030, 0, 1, 12, 0, 0);

const directive = fc.oneof(
  fc.constantFrom('public', 'private', 'no-store', 'must-revalidate'),
  fc.integer({ min: 0, max: 100_000 }).map((n) => `max-age=${n}`),
  fc.integer({ min: 0, max: 100_000 }).map((n) => `s-maxage=${n}`),
);
const ccField = fc.uniqueArray(directive, { maxLength: 4, selector: (d) => d.split('=')[0] }).map((ds) => (ds.length ? ds.join(', ') : undefined));
const offset = fc.option(fc.integer({ min: -100_000, max: 100_000 }), { nil: undefined });
const input = fc.record({
  cc: ccField,
  expires: offset,
  lastModified: fc.option(fc.integer({ min: 1, max: 10_000_000 }), { nil: undefined }),
  status: fc.constantFrom(200, 203, 204, 301, 302, 307, 404, 410),
  authorization: fc.boolean(),
});

interface Input {
  cc: string | undefined;
  expires: number | undefined;
  lastModified: number | undefined;
  status: number;
  authorization: boolean;
}

function headersOf(x: Input) {
  const res: Record<string, string> = { date: formatHttpDate(NOW) };
  if (x.cc !== undefined) res['cache-control'] = x.cc;
  if (x.expires !== undefined) res.expires = formatHttpDate(NOW + x.expires * 1000);
  if (x.lastModified !== undefined) res['last-modified'] = formatHttpDate(NOW - x.lastModified * 1000);
  const req: Record<string, string> = { host: 'cdn.test' };
  if (x.authorization) req.authorization = 'Bearer t';
  return { req, res };
}

describe('agreement with http-cache-semantics on well-formed Cache-Control', () => {
  it('property: the same responses are storable, with the same freshness lifetime', () => {
    fc.assert(
      fc.property(input, (x) => {
        const { req, res } = headersOf(x);
        const policy = new CachePolicy({ method: 'GET', url: '/x', headers: req }, { status: x.status, headers: res }, { shared: true, cacheHeuristic: 0.1 });
        const d = responseDirectives(res);
        const ours = notStorableReason({ method: 'GET', status: x.status, req, reqDirectives: NO_REQUEST_DIRECTIVES, res, d }) === null;
        expect(ours).toBe(policy.storable());
        if (ours) {
          const lifetime = freshnessLifetime(x.status, d, res, NOW, { fraction: 0.1, maxS: Number.MAX_SAFE_INTEGER }).seconds;
          expect(lifetime).toBeCloseTo(policy.maxAge(), 6);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
