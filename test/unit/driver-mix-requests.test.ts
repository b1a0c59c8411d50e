// The autocannon request template draws from the shared workload: method, path, JSON body, region header per request.
import { describe, expect, it } from 'vitest';
import type { Request as AutocannonRequest } from 'autocannon';
import { mixRequests } from '../../loadtests/autocannon/mix-requests.ts';
import { normalizeWorkload } from '../../loadtests/workload/workload-config.ts';
import { RequestMix, type PlannedRequest } from '../../loadtests/workload/request-mix.ts';

const codes = Array.from({ length: 50 }, (_, i) => `code${String(i).padStart(3, '0')}`);

function build(template: AutocannonRequest): AutocannonRequest {
  const fn = template.setupRequest as (r: AutocannonRequest, ctx: object) => AutocannonRequest;
  return fn({ method: 'GET', path: '/', headers: {} }, {});
}

describe('autocannon mix requests', () => {
  it('given the same workload and stream, then the requests are exactly the RequestMix sequence', () => {
    const workload = normalizeWorkload({ readWriteRatio: 5, unknownShare: 0.2, metadataShare: 0.2, regions: { eu: 1, us: 2 } });
    const expected = new RequestMix(workload, codes, 3);
    const seen: PlannedRequest[] = [];
    const [template] = mixRequests(new RequestMix(workload, codes, 3), { pathPrefix: '/v1', onPlanned: (p) => seen.push(p) });
    for (let i = 0; i < 300; i++) {
      const want = expected.next();
      const req = build(template);
      expect(seen[i]).toEqual(want);
      expect(req.method).toBe(want.method);
      expect(req.path).toBe(`/v1${want.path}`);
      expect(req.headers?.['x-client-region']).toBe(want.region);
      if (want.body !== undefined) {
        expect(req.body).toBe(want.body);
        expect(req.headers?.['content-type']).toBe('application/json');
      } else {
        expect(req.body).toBe('');
      }
    }
    expect(new Set(seen.map((p) => p.endpoint))).toEqual(new Set(['redirect', 'create', 'metadata', 'unknown']));
  });

  it('given a workload without regions, then no region header is sent', () => {
    const [template] = mixRequests(new RequestMix(normalizeWorkload(), codes, 0));
    expect(build(template).headers).not.toHaveProperty('x-client-region');
  });
});
