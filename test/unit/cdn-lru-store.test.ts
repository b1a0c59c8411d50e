// The byte-bounded LRU store: the bound holds under any sequence of puts, recency decides evictions, the surrogate-key
// index follows what is stored (property tests against a brute-force model).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LruStore } from '../../targets/cdn/lru-store.ts';
import { buildStoredResponse, type StoredResponse } from '../../targets/cdn/stored-response.ts';
import { responseDirectives } from '../../targets/cdn/response-directives.ts';

function entry(key: string, size: number, skeys = ''): StoredResponse {
  const res = { 'cache-control': 'max-age=60', 'surrogate-key': skeys || undefined, date: 'Tue, 01 Jan 2030 12:00:00 GMT' };
  return buildStoredResponse({
    key, status: 200, req: {}, res, body: Buffer.alloc(size), d: responseDirectives(res), requestTimeMs: 0, responseTimeMs: 0, heuristic: { fraction: 0.1, maxS: 1 },
  });
}

describe('LruStore', () => {
  it('property: after any sequence of puts and selects, bytes ≤ max and equal the sum of what is stored', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 6000 }), fc.boolean()), { minLength: 1, maxLength: 200 }),
        (ops) => {
          const s = new LruStore(20_000);
          const live = new Map<string, number>();
          for (const [k, size, read] of ops) {
            const key = `/k${k}`;
            if (read) s.select(key, {});
            else s.put(entry(key, size), {});
            expect(s.bytes).toBeLessThanOrEqual(20_000);
          }
          for (const key of s.keys()) live.set(key, s.select(key, {})!.bytes);
          expect([...live.values()].reduce((a, b) => a + b, 0)).toBe(s.bytes);
          expect(live.size).toBe(s.objects);
        },
      ),
    );
  });

  it('given a full store, when one key was read recently, then older unread keys are evicted first', () => {
    const s = new LruStore(10_000);
    for (let i = 0; i < 8; i++) s.put(entry(`/k${i}`, 900), {});
    s.select('/k0', {});
    for (let i = 8; i < 12; i++) s.put(entry(`/k${i}`, 900), {});
    expect(s.select('/k0', {})).toBeDefined();
    expect(s.select('/k1', {})).toBeUndefined();
    expect(s.evictions).toBeGreaterThan(0);
  });

  it('given a response larger than the bound, then it is not kept', () => {
    const s = new LruStore(5000);
    s.put(entry('/big', 10_000), {});
    expect(s.objects).toBe(0);
    expect(s.bytes).toBe(0);
  });

  it('keeps the surrogate-key index in step with stores, replacements and evictions', () => {
    const s = new LruStore(5000);
    s.put(entry('/a', 100, 'k1 k2'), {});
    s.put(entry('/b', 100, 'k2'), {});
    expect(s.keysFor('k2').sort()).toEqual(['/a', '/b']);
    s.put(entry('/a', 100, 'k3'), {});
    expect(s.keysFor('k1')).toEqual([]);
    expect(s.keysFor('k2')).toEqual(['/b']);
    s.put(entry('/c', 4500), {});
    expect(s.keysFor('k3')).toEqual([]);
    expect(s.delete('/c')).toBe(1);
    expect(s.bytes).toBe(0);
  });
});
