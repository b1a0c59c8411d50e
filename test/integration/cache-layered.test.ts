// The whole per-process cache stack (createLinkCache) over a real redis-server: two "app processes" share Redis, keep their own LRU, and a delete reaches both.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../harness/supervisor/free-port.ts';
import { Supervisor } from '../../harness/supervisor/supervisor.ts';
import { redisServerSpec } from '../../harness/services/redis-server.ts';
import { createLinkCache, type LinkCache } from '../../targets/cache/create-link-cache.ts';
import { seedLinks } from '../../targets/app/seed-links.ts';
import { encodeId } from '../../targets/app/codegen.ts';
import { SqliteLinkStore } from '../../targets/app/sqlite-link-store.ts';
import type { Link } from '../../targets/app/link-store.ts';

type L = { code: string; url: string };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let runDir: string;
let supervisor: Supervisor;
let redisUrl: string;
const links = new Map<string, L>([['shared1', { code: 'shared1', url: 'https://example.com/1' }]]);
let dbReads = 0;
const source = {
  getByCode(code: string) {
    dbReads++;
    return links.get(code);
  },
};

beforeAll(async () => {
  runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleladder-layered-'));
  supervisor = new Supervisor({ runDir });
  const redis = await supervisor.start(redisServerSpec({ port: await freePort(), runDir }));
  redisUrl = redis.url!;
});
afterAll(async () => {
  await supervisor.stopAll();
  fs.rmSync(runDir, { recursive: true, force: true });
});

describe('given two app processes with a local LRU in front of one Redis', () => {
  it('each serves repeats from its LRU, the second fills from Redis (not the DB), and a delete on one drops the code from both', async () => {
    const caches: LinkCache<L>[] = [];
    try {
      const a = await createLinkCache<L>(source, { redisUrl, local: { maxEntries: 100, ttlMs: 60_000 } });
      const b = await createLinkCache<L>(source, { redisUrl, local: { maxEntries: 100, ttlMs: 60_000 } });
      caches.push(a, b);
      expect(a.redisReadyAtStart).toBe(true);

      expect((await a.reader.get('shared1'))?.url).toBe('https://example.com/1');
      expect((await a.reader.get('shared1'))?.url).toBe('https://example.com/1');
      expect((await b.reader.get('shared1'))?.url).toBe('https://example.com/1');
      expect((await b.reader.get('shared1'))?.url).toBe('https://example.com/1');
      expect(dbReads).toBe(1);
      expect(a.counters().local).toMatchObject({ hits: 1, misses: 1 });
      expect(b.counters().local).toMatchObject({ hits: 1, misses: 1 });
      expect(b.counters().redis).toMatchObject({ hits: 1, misses: 0 });

      links.delete('shared1');
      expect(await a.reader.invalidate('shared1')).toBe(true);
      await sleep(50); // pub/sub delivery to b
      expect(await b.reader.get('shared1')).toBeUndefined();
      expect(await a.reader.get('shared1')).toBeUndefined();

      const layers = new Map<string, { hits: number; misses: number }>();
      const text = a.metricsText((layer) => layers.get(layer) ?? layers.set(layer, { hits: 0, misses: 0 }).get(layer)!);
      expect(text).toContain('scaleladder_cache_fallbacks_total 0');
      expect(text).toContain('# TYPE scaleladder_cache_breaker_open gauge');
      expect(layers.get('local')).toEqual({ hits: 1, misses: 2 }); // a: miss, hit, (invalidate), miss
      expect(layers.get('redis')!.hits + layers.get('redis')!.misses).toBe(a.counters().redis.lookups);
    } finally {
      for (const c of caches) await c.close();
    }
  });

  it('when Redis is unreachable at start, the stack still answers from the DB (and says it started in fallback)', async () => {
    const c = await createLinkCache<L>(source, { redisUrl: `redis://127.0.0.1:${await freePort()}`, readyTimeoutMs: 300, local: {} });
    try {
      expect(c.redisReadyAtStart).toBe(false);
      links.set('offline', { code: 'offline', url: 'https://example.com/o' });
      expect((await c.reader.get('offline'))?.url).toBe('https://example.com/o');
      expect(c.counters().redis.fallbacks).toBe(1);
    } finally {
      await c.close();
    }
  });
});

describe("given the app's own SqliteLinkStore as the source", () => {
  it('then cached links equal the store\'s (clicks aside), and the store\'s read counter drops to the miss count', async () => {
    const dbPath = path.join(runDir, 'links.sqlite');
    const seed = seedLinks(dbPath, 20, { reset: true });
    const store = new SqliteLinkStore(dbPath);
    const cache = await createLinkCache<Link>(store, { redisUrl, cache: { keyPrefix: 'app:' } });
    try {
      const codes = Array.from({ length: 20 }, (_, i) => encodeId(seed.first + i));
      for (let round = 0; round < 5; round++) {
        for (const code of codes) {
          const cached = await cache.reader.get(code);
          const { clicks: _c, ...identity } = store.getByCode(code)!;
          expect(cached).toMatchObject(identity);
        }
      }
      // 100 cached lookups + 100 direct reads in the assertions above.
      expect(store.stats.getByCode - 100).toBe(20);
      expect(cache.counters().redis).toMatchObject({ lookups: 100, misses: 20, hits: 80 });
    } finally {
      await cache.close();
      store.close();
    }
  });
});
