// Emulated hops over a real redis-server: each Redis round trip of a lookup waits one hop (a timer), so the time of a
// lookup counts its round trips: a hit makes 1, a cold miss 3 (lookup; lock + double-check; fill + unlock).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { freePort } from '../../harness/supervisor/free-port.ts';
import { Supervisor } from '../../harness/supervisor/supervisor.ts';
import { redisServerSpec } from '../../harness/services/redis-server.ts';
import { CachedLinkReader } from '../../targets/cache/cache-aside.ts';
import { createCacheRedis, redisReady } from '../../targets/cache/redis-client.ts';

const HOP_MS = 300;
let runDir: string;
let supervisor: Supervisor;
let port: number;

beforeAll(async () => {
  runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleladder-hops-'));
  supervisor = new Supervisor({ runDir });
  port = await freePort();
  await supervisor.start(redisServerSpec({ port, runDir }));
});
afterAll(async () => {
  await supervisor.stopAll();
  fs.rmSync(runDir, { recursive: true, force: true });
});

async function timed<T>(f: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await f();
  return { value, ms: performance.now() - t0 };
}

describe(`given a cache client with a ${HOP_MS} ms emulated hop`, () => {
  it('then a cold miss takes 3 hops, a hit 1, and the lock is gone after the fill', async () => {
    const redis = createCacheRedis({ port, hopMs: HOP_MS });
    const plain = new Redis({ port });
    try {
      expect(await redisReady(redis, 5_000)).toBe(true);
      let reads = 0;
      const source = { getByCode: (code: string) => (reads++, { id: 1, code, url: `https://example.com/${code}` }) };
      const reader = new CachedLinkReader({ redis, source, options: { keyPrefix: 'hops:', xfetchBeta: 0 } });
      const miss = await timed(() => reader.get('abc'));
      expect(miss.value?.url).toBe('https://example.com/abc');
      // 3 round trips; 4 (the 5 commands one after another, release not awaited) would take >= 4 hops.
      expect(miss.ms).toBeGreaterThanOrEqual(3 * HOP_MS - 5);
      expect(miss.ms).toBeLessThan(4 * HOP_MS);
      const hit = await timed(() => reader.get('abc'));
      expect(hit.value?.url).toBe('https://example.com/abc');
      expect(hit.ms).toBeGreaterThanOrEqual(HOP_MS - 5);
      expect(hit.ms).toBeLessThan(2 * HOP_MS);
      expect(reads).toBe(1);
      expect(reader.counters()).toMatchObject({ misses: 1, hits: 1, dbReads: 1, lockWaits: 0, redisErrors: 0 });
      // The release went out behind the fill's SET: the lock key is gone, the value stays.
      expect(await plain.exists('hops:lock:abc')).toBe(0);
      expect(await plain.exists('hops:link:abc')).toBe(1);
    } finally {
      redis.disconnect();
      plain.disconnect();
    }
  }, 30_000);

  it('then with hopMs 0 the client is left as ioredis made it', async () => {
    const redis = createCacheRedis({ port, hopMs: 0 });
    try {
      expect(Object.prototype.hasOwnProperty.call(redis, 'sendCommand')).toBe(false);
      expect(await redisReady(redis, 5_000)).toBe(true);
      const t = await timed(() => redis.ping());
      expect(t.value).toBe('PONG');
    } finally {
      redis.disconnect();
    }
  });
});
