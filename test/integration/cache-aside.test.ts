// Cache-aside over a real redis-server: hit/miss/expiry, single flight, negative caching, invalidation, XFetch early refresh.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { freePort } from '../../harness/supervisor/free-port.ts';
import { Supervisor } from '../../harness/supervisor/supervisor.ts';
import { redisServerSpec } from '../../harness/services/redis-server.ts';
import { CachedLinkReader } from '../../targets/cache/cache-aside.ts';
import type { CacheEvent } from '../../targets/cache/cache-events.ts';
import type { CacheOptions } from '../../targets/cache/cache-options.ts';
import { createCacheRedis, redisReady } from '../../targets/cache/redis-client.ts';

interface TestLink {
  id: number;
  code: string;
  url: string;
}

/** A synchronous source that counts its reads (and can burn `delayMs` of CPU per read, like a slow query). */
function countingSource(codes: string[], delayMs = 0) {
  const links = new Map<string, TestLink>(codes.map((code, i) => [code, { id: i + 1, code, url: `https://example.com/${code}` }]));
  const source = {
    reads: 0,
    links,
    getByCode(code: string): TestLink | undefined {
      source.reads++;
      if (delayMs > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, delayMs);
      return links.get(code);
    },
  };
  return source;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let runDir: string;
let supervisor: Supervisor;
let port: number;
const clients: Redis[] = [];
let keyspace = 0;

async function client(): Promise<Redis> {
  const c = createCacheRedis({ port });
  clients.push(c);
  expect(await redisReady(c, 5_000)).toBe(true);
  return c;
}

/** A reader over its own connection, with a key prefix unique to the test. */
async function reader(source: ReturnType<typeof countingSource>, options: CacheOptions = {}, prefix?: string) {
  return new CachedLinkReader<TestLink>({ redis: await client(), source, options: { keyPrefix: prefix ?? `t${keyspace}:`, ...options } });
}

beforeAll(async () => {
  runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleladder-cache-'));
  supervisor = new Supervisor({ runDir });
  port = await freePort();
  await supervisor.start(redisServerSpec({ port, runDir }));
});
beforeEach(() => {
  keyspace++;
});
afterEach(() => {
  for (const c of clients.splice(0)) c.disconnect();
});
afterAll(async () => {
  await supervisor.stopAll();
  fs.rmSync(runDir, { recursive: true, force: true });
});

describe('given a cold cache', () => {
  it('the first read misses and reads the DB once; the next reads hit without touching the DB', async () => {
    const src = countingSource(['aaaaaaa']);
    const r = await reader(src);
    expect(await r.get('aaaaaaa')).toEqual({ id: 1, code: 'aaaaaaa', url: 'https://example.com/aaaaaaa' });
    for (let i = 0; i < 5; i++) expect((await r.get('aaaaaaa'))?.url).toBe('https://example.com/aaaaaaa');
    expect(src.reads).toBe(1);
    expect(r.counters()).toMatchObject({ lookups: 6, misses: 1, hits: 5, dbReads: 1, fallbacks: 0, lockWaits: 0 });
  });

  it('an entry expires after its TTL (a miss again), and its Redis TTL carries the ±10 % jitter', async () => {
    const src = countingSource(['bbbbbbb']);
    const r = await reader(src, { ttlMs: 150, ttlJitter: 0, xfetchBeta: 0 });
    await r.get('bbbbbbb');
    await r.get('bbbbbbb');
    expect(src.reads).toBe(1);
    await sleep(220);
    await r.get('bbbbbbb');
    expect(src.reads).toBe(2);
    expect(r.counters()).toMatchObject({ misses: 2, hits: 1 });

    const jittered = await reader(countingSource(['c1', 'c2', 'c3', 'c4', 'c5', 'c6']), { ttlMs: 100_000 }, `t${keyspace}j:`);
    const redis = await client();
    const ttls: number[] = [];
    for (const code of ['c1', 'c2', 'c3', 'c4', 'c5', 'c6']) {
      await jittered.get(code);
      ttls.push(await redis.pttl(`t${keyspace}j:link:${code}`));
    }
    for (const t of ttls) expect(t).toBeGreaterThan(89_000);
    for (const t of ttls) expect(t).toBeLessThanOrEqual(110_000);
    expect(new Set(ttls).size).toBeGreaterThan(1);
  });
});

describe('single flight on a cold hot key', () => {
  it('50 concurrent misses through the Redis lock alone (no in-process coalescing) → exactly 1 DB read, 49 lock waits', async () => {
    const src = countingSource(['hotcode']);
    const r = await reader(src, { coalesceInProcess: false });
    const results = await Promise.all(Array.from({ length: 50 }, () => r.get('hotcode')));
    expect(results.every((l) => l?.url === 'https://example.com/hotcode')).toBe(true);
    expect(src.reads).toBe(1);
    expect(r.counters()).toMatchObject({ misses: 50, lockWaits: 49, lockTimeouts: 0, dbReads: 1 });
  });

  it('5 readers on 5 connections (like 5 app processes) × 10 concurrent misses → exactly 1 DB read', async () => {
    const src = countingSource(['hotcod2']);
    const readers = await Promise.all(Array.from({ length: 5 }, () => reader(src)));
    const results = await Promise.all(readers.flatMap((r) => Array.from({ length: 10 }, () => r.get('hotcod2'))));
    expect(results.every((l) => l?.code === 'hotcod2')).toBe(true);
    expect(src.reads).toBe(1);
    const total = readers.map((r) => r.counters()).reduce((a, c) => ({ coalesced: a.coalesced + c.coalesced, lockWaits: a.lockWaits + c.lockWaits }), { coalesced: 0, lockWaits: 0 });
    expect(total.coalesced).toBe(45); // 9 per process joined their process's rebuild
    // 4 processes waited for the winner's fill, unless one asked for the lock only after the winner had filled and
    // released it (a loaded box): that one takes the free lock and finds the fill in its double-check, no wait, no DB read.
    expect(total.lockWaits).toBeGreaterThanOrEqual(3);
    expect(total.lockWaits).toBeLessThanOrEqual(4);
  });

  it('with single-flight off (only to measure the stampede), 50 concurrent misses → 50 DB reads, no lock, no coalescing', async () => {
    const src = countingSource(['stampede']);
    const r = await reader(src, { singleFlight: false });
    const results = await Promise.all(Array.from({ length: 50 }, () => r.get('stampede')));
    expect(results.every((l) => l?.code === 'stampede')).toBe(true);
    expect(src.reads).toBe(50);
    expect(r.counters()).toMatchObject({ misses: 50, lockWaits: 0, coalesced: 0, dbReads: 50 });
  });

  it('when a crashed winner holds the lock, a waiter gives up after lockWaitMs and reads the DB itself (counted)', async () => {
    const src = countingSource(['lockedk']);
    const prefix = `t${keyspace}s:`;
    const redis = await client();
    await redis.set(`${prefix}lock:lockedk`, 'crashed-process', 'PX', 5_000); // nobody will fill
    const r = await reader(src, { lockWaitMs: 40 }, prefix);
    const t0 = performance.now();
    expect((await r.get('lockedk'))?.code).toBe('lockedk');
    const waited = performance.now() - t0;
    expect(waited).toBeGreaterThanOrEqual(35);
    expect(waited).toBeLessThan(500);
    expect(r.counters()).toMatchObject({ lockWaits: 1, lockTimeouts: 1, dbReads: 1 });
    // It filled the cache, so the next read is a hit even though the lock is still held.
    await r.get('lockedk');
    expect(r.counters()).toMatchObject({ hits: 1, dbReads: 1 });
  });
});

describe('negative caching', () => {
  it('an unknown code is read from the DB once, then answered from Redis until the negative TTL passes', async () => {
    const src = countingSource([]);
    const r = await reader(src, { negativeTtlMs: 150, ttlJitter: 0 });
    expect(await r.get('unknown')).toBeUndefined();
    expect(await r.get('unknown')).toBeUndefined();
    expect(await r.get('unknown')).toBeUndefined();
    expect(src.reads).toBe(1);
    expect(r.counters()).toMatchObject({ misses: 1, negativeHits: 2 });
    await sleep(220);
    expect(await r.get('unknown')).toBeUndefined();
    expect(src.reads).toBe(2);
  });

  it('a code created after its negative entry is visible once invalidated (the app invalidates on create)', async () => {
    const src = countingSource([]);
    const r = await reader(src, { negativeTtlMs: 60_000 });
    expect(await r.get('newcode')).toBeUndefined();
    src.links.set('newcode', { id: 9, code: 'newcode', url: 'https://example.com/new' });
    expect(await r.get('newcode')).toBeUndefined(); // still negatively cached
    await r.invalidate('newcode');
    expect((await r.get('newcode'))?.url).toBe('https://example.com/new');
  });
});

describe('invalidation', () => {
  it('after a DELETE invalidates the code, the next read goes to the DB and sees it gone', async () => {
    const src = countingSource(['deleteme']);
    const r = await reader(src);
    expect(await r.get('deleteme')).toBeDefined();
    src.links.delete('deleteme');
    expect(await r.get('deleteme')).toBeDefined(); // cached
    expect(await r.invalidate('deleteme')).toBe(true);
    expect(await r.get('deleteme')).toBeUndefined();
    expect(r.counters()).toMatchObject({ invalidations: 1, dbReads: 2 });
  });
});

describe('XFetch early refresh', () => {
  it('under repeated reads, entries are refreshed shortly before expiry, so reads stop missing at expiry', async () => {
    const src = countingSource(['xfetch1'], 15); // recompute costs ≥ 15 ms → refresh window ~ β·15 ms before expiry
    const events: CacheEvent[] = [];
    const r = await reader(src, { ttlMs: 300, ttlJitter: 0, xfetchBeta: 3, onEvent: (e) => events.push(e) });
    const end = Date.now() + 1_500;
    while (Date.now() < end) {
      await r.get('xfetch1');
      await sleep(2);
    }
    const c = r.counters();
    const early = events.filter((e): e is Extract<CacheEvent, { type: 'early-refresh' }> => e.type === 'early-refresh');
    // ~5 TTL periods: without XFetch each would end in a miss; with it most are refreshed while still valid.
    expect(c.earlyRefreshes).toBeGreaterThanOrEqual(2);
    expect(c.misses).toBeLessThanOrEqual(3); // the first read, and at most two unlucky expiries (a busy core stretches the read loop)
    expect(c.earlyRefreshes).toBeGreaterThan(c.misses - 1);
    expect(early.length).toBe(c.earlyRefreshes);
    for (const e of early) {
      // P(refresh with more than 12·δ·β left) = e^-12 per read: never in practice.
      expect(e.remainingMs).toBeLessThan(12 * e.deltaMs * 3);
      expect(e.deltaMs).toBeGreaterThanOrEqual(15);
    }
  });

  it('with β = 0 it never refreshes early', async () => {
    const src = countingSource(['xfetch2'], 5);
    const r = await reader(src, { ttlMs: 100, ttlJitter: 0, xfetchBeta: 0 });
    const end = Date.now() + 400;
    while (Date.now() < end) {
      await r.get('xfetch2');
      await sleep(2);
    }
    expect(r.counters().earlyRefreshes).toBe(0);
    expect(r.counters().misses).toBeGreaterThanOrEqual(3);
  });
});
