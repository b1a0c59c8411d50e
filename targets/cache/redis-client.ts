// An ioredis client set up for a cache that must never slow a lookup down: bounded command time, no queueing while down.
import { Redis } from 'ioredis';

/** Connection settings for the cache's Redis. Defaults are written on the fields. */
export interface CacheRedisOptions {
  /** `redis://host:port[/db]`; when given, `host` and `port` are ignored. */
  url?: string;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 6379. */
  port?: number;
  /** A command not answered within this many ms fails (and the lookup falls back to the DB). Default 200: above event-loop stalls under load, below any SLO. */
  commandTimeoutMs?: number;
  /** Connect attempt bound, ms. Default 1_000. */
  connectTimeoutMs?: number;
  /** ioredis retries of a command across reconnects: 0 (fail at once) or 1. Default 0. */
  maxRetriesPerRequest?: 0 | 1;
  /** Upper bound of the reconnect back-off, ms. Default 1_000. */
  reconnectMaxDelayMs?: number;
  /** Receives connection errors (ioredis emits them as events; without a listener it prints them). Default: ignore. */
  onError?: (error: Error) => void;
}

/**
 * A client that never queues: while disconnected, commands fail at once (`enableOfflineQueue: false`), in-flight
 * commands are not replayed after a reconnect, and every command is bounded by `commandTimeout`. It reconnects by itself.
 */
export function createCacheRedis(options: CacheRedisOptions = {}): Redis {
  const {
    url,
    host = '127.0.0.1',
    port = 6379,
    commandTimeoutMs = 200,
    connectTimeoutMs = 1_000,
    maxRetriesPerRequest = 0,
    reconnectMaxDelayMs = 1_000,
    onError = () => {},
  } = options;
  const settings = {
    commandTimeout: commandTimeoutMs,
    connectTimeout: connectTimeoutMs,
    maxRetriesPerRequest,
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    retryStrategy: (times: number) => Math.min(times * 50, reconnectMaxDelayMs),
  };
  const redis = url !== undefined ? new Redis(url, settings) : new Redis({ host, port, ...settings });
  redis.on('error', onError);
  return redis;
}

/** Resolves true once the client is ready, false if it is not within `timeoutMs` (the cache then starts in fallback). */
export function redisReady(redis: Redis, timeoutMs = 2_000): Promise<boolean> {
  if (redis.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean): void => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      resolve(ok);
    };
    const onReady = (): void => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    redis.on('ready', onReady);
  });
}
