// The in-process LRU: bounded size (least recently used goes first), TTL, counters, and the layered read path over it.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LocalLru } from '../../targets/cache/local-lru.ts';
import { LayeredLinkReader } from '../../targets/cache/layered-link-reader.ts';

describe('LocalLru', () => {
  it('evicts the least recently used entry beyond maxEntries; a get refreshes recency', () => {
    const lru = new LocalLru<number>({ maxEntries: 2 });
    lru.set('a', 1);
    lru.set('b', 2);
    expect(lru.get('a')).toBe(1); // a is now most recent
    lru.set('c', 3); // evicts b
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBe(1);
    expect(lru.get('c')).toBe(3);
    expect(lru.counters()).toEqual({ hits: 3, misses: 1, evictions: 1, expirations: 0, size: 2 });
  });

  it('expires entries after their TTL (per-entry TTL overrides the default)', () => {
    let now = 0;
    const lru = new LocalLru<string>({ ttlMs: 100, now: () => now });
    lru.set('a', 'x');
    lru.set('n', 'y', 10);
    now = 10;
    expect(lru.get('n')).toBeUndefined();
    expect(lru.get('a')).toBe('x');
    now = 100;
    expect(lru.get('a')).toBeUndefined();
    expect(lru.counters().expirations).toBe(2);
    expect(lru.size).toBe(0);
  });

  it('property: behaves like a brute-force recency list of the same bound', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 8 })), { maxLength: 200 }), (max, ops) => {
        const lru = new LocalLru<number>({ maxEntries: max, ttlMs: 1e9 });
        let model: [string, number][] = [];
        for (const [isSet, k] of ops) {
          const key = `k${k}`;
          if (isSet) {
            model = model.filter(([mk]) => mk !== key);
            model.push([key, k]);
            if (model.length > max) model.shift();
            lru.set(key, k);
          } else {
            const i = model.findIndex(([mk]) => mk === key);
            const expected = i === -1 ? undefined : model[i][1];
            if (i !== -1) model.push(...model.splice(i, 1));
            if (lru.get(key) !== expected) return false;
          }
        }
        return lru.size === model.length;
      }),
    );
  });

  it('rejects a bound below 1', () => expect(() => new LocalLru({ maxEntries: 0 })).toThrow(/maxEntries must be an integer >= 1/));
});

describe('LayeredLinkReader', () => {
  it('answers from the LRU after the first read, caches unknown codes as null, and invalidates every layer', async () => {
    const remoteCalls: string[] = [];
    const invalidated: string[] = [];
    const broadcasts: string[] = [];
    const remote = {
      async get(code: string) {
        remoteCalls.push(code);
        return code === 'known' ? { url: 'https://x.test/' } : undefined;
      },
      async invalidate(code: string) {
        invalidated.push(code);
        return true;
      },
    };
    const local = new LocalLru<{ url: string } | null>({ ttlMs: 60_000 });
    const reader = new LayeredLinkReader({ local, remote, broadcast: async (c) => void broadcasts.push(c) });
    expect(await reader.get('known')).toEqual({ url: 'https://x.test/' });
    expect(await reader.get('known')).toEqual({ url: 'https://x.test/' });
    expect(await reader.get('nope')).toBeUndefined();
    expect(await reader.get('nope')).toBeUndefined();
    expect(remoteCalls).toEqual(['known', 'nope']);
    expect(local.counters()).toMatchObject({ hits: 2, misses: 2 });
    expect(await reader.invalidate('known')).toBe(true);
    expect(invalidated).toEqual(['known']);
    expect(broadcasts).toEqual(['known']);
    await reader.get('known');
    expect(remoteCalls).toEqual(['known', 'nope', 'known']);
  });
});

describe('LayeredLinkReader.warmLocal (steady-state ages)', () => {
  it('given entries warmed together, then their remaining lifetimes spread over the TTL, so they expire one by one, not at once', () => {
    let t = 0;
    const local = new LocalLru<string | null>({ maxEntries: 100, ttlMs: 1000, now: () => t });
    const remote = { get: async () => undefined, invalidate: async () => true };
    const reader = new LayeredLinkReader<string>({ local, remote });
    const draws = [0, 0.25, 0.5, 0.75, 0.999];
    let i = 0;
    expect(reader.warmLocal(draws.map((_, k) => [`c${k}`, `link${k}`] as const), () => draws[i++])).toBe(5);
    const alive = () => draws.filter((_, k) => local.get(`c${k}`) !== undefined).length;
    expect(alive()).toBe(5);
    t = 2; // the 0.999 draw: a millisecond or two left
    expect(alive()).toBe(4);
    t = 300;
    expect(alive()).toBe(3);
    t = 800;
    expect(alive()).toBe(1);
    t = 1000; // nothing outlives one TTL
    expect(alive()).toBe(0);
  });
});
