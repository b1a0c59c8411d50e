// Bytes per mapping in a real redis-server (plain keys vs listpack hash buckets) and GET latency, then the server is gone.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupAlive } from '../../harness/supervisor/process-group.ts';
import { measureRedisGet } from '../../harness/validate/measure/measure-lookup-latency.ts';
import { measureRedisMemory, type RedisMemoryMeasurement } from '../../harness/validate/measure/measure-redis-memory.ts';
import { startValidateRedis, type ValidateRedis } from '../../harness/validate/measure/start-redis.ts';
import type { LatencySampleUs } from '../../harness/validate/measure/latency-sample.ts';

const N = 20_000;

describe('redis-server memory per mapping (N = 20,000)', () => {
  let dir: string;
  let redis: ValidateRedis;
  let mem: RedisMemoryMeasurement;
  let get: LatencySampleUs | undefined;
  let pid: number | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'validate-redis-'));
    redis = await startValidateRedis(dir);
    pid = Number(/process_id:(\d+)/.exec(await redis.client.info('server'))?.[1]);
    mem = await measureRedisMemory(redis.client, N, async () => {
      get = await measureRedisGet(redis.client, N, 1000);
    });
  });

  afterAll(async () => {
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('integer mappings (Instagram shape) take tens of bytes as plain keys, and hash buckets cut that by well over half', () => {
    expect(mem.int.mappings).toBe(N);
    expect(mem.int.plainBytesPerMapping).toBeGreaterThan(40);
    expect(mem.int.plainBytesPerMapping).toBeLessThan(150);
    expect(mem.int.bucketEncoding).toBe('listpack');
    expect(mem.int.bucketedBytesPerMapping).toBeLessThan(mem.int.plainBytesPerMapping * 0.5);
    expect(mem.int.reduction).toBeGreaterThan(0.6);
  });

  it('code → URL mappings cost at least the URL bytes either way; bucketing saves the per-key overhead only', () => {
    const urlBytes = 89;
    expect(mem.url.plainBytesPerMapping).toBeGreaterThan(urlBytes);
    expect(mem.url.bucketedBytesPerMapping).toBeGreaterThan(urlBytes);
    expect(mem.url.bucketedBytesPerMapping).toBeLessThan(mem.url.plainBytesPerMapping);
    expect(mem.url.bucketEncoding).toBe('listpack');
  });

  it('times GETs of the plain keys over loopback', () => {
    expect(get?.count).toBe(1000);
    expect(get!.p50Us).toBeGreaterThan(0);
    expect(get!.p50Us).toBeLessThan(get!.maxUs + 1e-9);
  });

  it('stops the server (its process group is gone) and stop is idempotent', async () => {
    await redis.stop();
    await redis.stop();
    expect(pid).toBeGreaterThan(0);
    expect(groupAlive(pid!)).toBe(false);
  });
});
