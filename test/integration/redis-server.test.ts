// A harness-owned redis-server boots from its generated config (loopback, no persistence, LFU, maxmemory) and stops.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { freePort } from '../../harness/supervisor/free-port.ts';
import { Supervisor } from '../../harness/supervisor/supervisor.ts';
import type { StartedService } from '../../harness/supervisor/started-service.ts';
import { redisConf, redisServerSpec, redisVersion } from '../../harness/services/redis-server.ts';

let runDir: string;
let supervisor: Supervisor;
let redis: StartedService;
let client: Redis;

beforeAll(async () => {
  runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleladder-redis-'));
  supervisor = new Supervisor({ runDir });
  redis = await supervisor.start(redisServerSpec({ port: await freePort(), maxmemory: '32mb', runDir }));
  client = new Redis({ port: redis.port!, lazyConnect: true });
  await client.connect();
});
afterAll(async () => {
  client?.disconnect();
  await supervisor.stopAll();
  fs.rmSync(runDir, { recursive: true, force: true });
});

describe('given a redis-server started from redisServerSpec', () => {
  it('then it runs the generated config: loopback, protected, no persistence, maxmemory and allkeys-lfu', async () => {
    const get = async (k: string) => ((await client.config('GET', k)) as string[])[1];
    expect(await get('bind')).toBe('127.0.0.1');
    expect(await get('protected-mode')).toBe('yes');
    expect(await get('save')).toBe('');
    expect(await get('appendonly')).toBe('no');
    expect(await get('maxmemory')).toBe(String(32 * 1024 * 1024));
    expect(await get('maxmemory-policy')).toBe('allkeys-lfu');
    expect(await get('dir')).toBe(fs.realpathSync(runDir));
    expect(fs.existsSync(path.join(runDir, 'redis.conf'))).toBe(true);
    expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
  });

  it('then its version is readable', () => {
    expect(redisVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('when stopped, then the process is gone', async () => {
    await redis.stop();
    expect(() => process.kill(redis.pid, 0)).toThrow();
  });
});

describe('redisServerSpec input rules', () => {
  it('rejects a malformed maxmemory and an unknown policy', () => {
    expect(() => redisServerSpec({ port: 1, runDir, maxmemory: '64 MB' })).toThrow(/maxmemory must look like/);
    expect(() => redisServerSpec({ port: 1, runDir, policy: 'lfu' as never })).toThrow(/policy must be one of/);
  });
  it('quotes the dir so a run folder with spaces works', () => {
    expect(redisConf({ port: 1, maxmemory: '1mb', policy: 'allkeys-lfu', dir: '/tmp/a b' })).toContain('dir "/tmp/a b"');
  });
});
