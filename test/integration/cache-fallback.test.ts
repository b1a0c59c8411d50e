// When Redis dies or stalls mid-run, lookups keep answering from the DB within a bounded time, the breaker opens, and it all recovers.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { freePort } from '../../harness/supervisor/free-port.ts';
import { Supervisor } from '../../harness/supervisor/supervisor.ts';
import type { StartedService } from '../../harness/supervisor/started-service.ts';
import { redisServerSpec } from '../../harness/services/redis-server.ts';
import { CachedLinkReader } from '../../targets/cache/cache-aside.ts';
import { createCacheRedis, redisReady } from '../../targets/cache/redis-client.ts';

const CODES = Array.from({ length: 20 }, (_, i) => `code${String(i).padStart(3, '0')}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function source() {
  const src = {
    reads: 0,
    getByCode(code: string) {
      src.reads++;
      return CODES.includes(code) ? { code, url: `https://example.com/${code}` } : undefined;
    },
  };
  return src;
}

let runDir: string;
let supervisor: Supervisor;
let port: number;
let redisSvc: StartedService;
let client: Redis | undefined;

const startRedis = async () => {
  redisSvc = await supervisor.start(redisServerSpec({ port, runDir }));
};

/** Runs `workers` concurrent lookup loops until `untilMs`, checking every answer; returns per-lookup latencies. */
async function drive(reader: CachedLinkReader<{ code: string; url: string }>, durationMs: number, workers = 4) {
  const latencies: number[] = [];
  const wrong: string[] = [];
  const end = performance.now() + durationMs;
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (let i = w; performance.now() < end; i++) {
        const code = i % 7 === 0 ? 'missing' : CODES[i % CODES.length];
        const t0 = performance.now();
        const got = await reader.get(code);
        latencies.push(performance.now() - t0);
        if (code === 'missing' ? got !== undefined : got?.url !== `https://example.com/${code}`) wrong.push(code);
        await sleep(1);
      }
    }),
  );
  return { latencies, wrong, max: Math.max(...latencies) };
}

beforeAll(async () => {
  runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleladder-cachefb-'));
  supervisor = new Supervisor({ runDir });
  port = await freePort();
});
afterEach(async () => {
  client?.disconnect();
  client = undefined;
  if (redisSvc) process.kill(redisSvc.pid, 'SIGCONT'); // never leave a stopped redis behind
  await supervisor.stopAll();
});
afterAll(() => fs.rmSync(runDir, { recursive: true, force: true }));

describe('given Redis stopped mid-run', () => {
  it('then every lookup still answers (from the DB), fallbacks are counted, the breaker opens; when Redis is back, hits resume', async () => {
    await startRedis();
    client = createCacheRedis({ port, commandTimeoutMs: 100 });
    expect(await redisReady(client)).toBe(true);
    const src = source();
    const reader = new CachedLinkReader({ redis: client, source: src, options: { breakerFailures: 3, breakerCooldownMs: 200 } });

    const warm = await drive(reader, 300);
    expect(warm.wrong).toEqual([]);
    expect(reader.counters().fallbacks).toBe(0);

    const [down] = await Promise.all([drive(reader, 1_200), (async () => {
      await sleep(200);
      await redisSvc.stop(); // SIGTERM: redis-server exits at once (nothing to save)
    })()]);
    const c = reader.counters();
    expect(down.wrong).toEqual([]);
    expect(c.fallbacks).toBeGreaterThan(50);
    expect(c.breakerOpen).toBeGreaterThanOrEqual(1);
    expect(reader.breakerState).not.toBe('closed');
    // The breaker spares Redis: a few failing commands per cool-down (200 ms), not one per lookup.
    expect(c.redisErrors).toBeLessThan(c.fallbacks / 4);
    expect(down.max).toBeLessThan(400); // bounded: at most one command timeout (100 ms) per lookup, usually an instant reject (slack for a busy CI core)

    await startRedis();
    expect(await redisReady(client, 5_000)).toBe(true);
    await sleep(250); // past the cool-down: the next lookup is the half-open probe
    const hitsBefore = reader.counters().hits;
    const back = await drive(reader, 400);
    expect(back.wrong).toEqual([]);
    expect(reader.breakerState).toBe('closed');
    expect(reader.counters().hits).toBeGreaterThan(hitsBefore);
    console.log(`redis down: ${c.fallbacks} fallbacks, ${c.redisErrors} redis errors, breaker opened ${c.breakerOpen}×, max lookup ${down.max.toFixed(1)} ms`);
  });
});

describe('given Redis stalled (SIGSTOP: connection up, no answers)', () => {
  it('then lookups answer from the DB after at most one command timeout, and the breaker opens', async () => {
    await startRedis();
    client = createCacheRedis({ port, commandTimeoutMs: 80 });
    expect(await redisReady(client)).toBe(true);
    const src = source();
    const reader = new CachedLinkReader({ redis: client, source: src, options: { breakerFailures: 3, breakerCooldownMs: 300 } });
    await drive(reader, 200);

    process.kill(redisSvc.pid, 'SIGSTOP');
    let stalled;
    try {
      stalled = await drive(reader, 800);
    } finally {
      process.kill(redisSvc.pid, 'SIGCONT');
    }
    const c = reader.counters();
    expect(stalled.wrong).toEqual([]);
    expect(c.fallbacks).toBeGreaterThan(20);
    expect(c.breakerOpen).toBeGreaterThanOrEqual(1);
    expect(stalled.max).toBeLessThan(80 * 2 + 200); // at most ~one command timeout per lookup, plus slack for a busy CI core
    const sorted = [...stalled.latencies].sort((a, b) => a - b);
    const p50 = sorted[Math.floor(sorted.length / 2)];
    expect(p50).toBeLessThan(5); // while open, lookups skip Redis entirely
    console.log(`redis stalled: ${c.fallbacks} fallbacks, breaker opened ${c.breakerOpen}×, p50 ${p50.toFixed(2)} ms, max ${stalled.max.toFixed(1)} ms`);
  });
});
