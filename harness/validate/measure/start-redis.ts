// Boots a private redis-server for the measurements (free loopback port, no persistence) under the run's Supervisor.
import { Redis } from 'ioredis';
import { Supervisor } from '../../supervisor/supervisor.ts';
import { freePort } from '../../supervisor/free-port.ts';
import { Wait } from '../../supervisor/wait.ts';

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
  await supervisor.start({
    name: 'validate-redis',
    role: 'cache',
    command: 'redis-server',
    // --save '' and --appendonly no: nothing on disk, so memory and latency are Redis's alone.
    args: ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', runDir, '--protected-mode', 'yes'],
    port,
    ready: Wait.forLogLine(/Ready to accept connections/),
    readyTimeoutMs: 5_000,
  });
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
