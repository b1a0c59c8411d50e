// Boots a private redis-server for the measurements (free loopback port, no persistence) under the run's Supervisor.
import { Redis } from 'ioredis';
import { Supervisor } from '../../supervisor/supervisor.ts';
import { freePort } from '../../supervisor/free-port.ts';
import { redisServerSpec } from '../../services/redis-server.ts';

export interface ValidateRedis {
  client: Redis;
  port: number;
  version: string;
  /** Quits the client and stops the server (idempotent). */
  stop(): Promise<void>;
}

export async function startValidateRedis(runDir: string): Promise<ValidateRedis> {
  const supervisor = new Supervisor({ runDir });
  const port = await freePort();
  // The harness's own redis-server launch (no persistence); maxmemory 0 = unbounded, so nothing measured is evicted.
  await supervisor.start({ ...redisServerSpec({ name: 'validate-redis', port, runDir, maxmemory: '0', policy: 'noeviction' }), readyTimeoutMs: 5_000 });

  const client = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: true });
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      client.disconnect();
      await supervisor.stopAll();
    })());
  try {
    await client.connect();
    const info = await client.info('server');
    const version = /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown';
    return { client, port, version, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
