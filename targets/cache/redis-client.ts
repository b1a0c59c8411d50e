// An ioredis client (one server, or a Redis Cluster) set up for a cache that must never slow a lookup down: bounded command time, no queueing while down.
import { Cluster, Redis } from 'ioredis';
import { withHop } from '../hops/emulated-hop.ts';

/** What the cache talks to: one redis-server, or a Redis Cluster (same commands; the cache uses single-key ones only). */
export type CacheRedis = Redis | Cluster;

/** URL scheme naming a cluster by its seed nodes: `redis-cluster://h:p1,h:p2,h:p3`. */
export const CLUSTER_URL = /^redis-cluster:\/\/([^\s/,]+:\d+(?:,[^\s/,]+:\d+)*)\/?$/;

/** The seed nodes of a `redis-cluster://` URL, or undefined for any other URL. */
export function parseClusterUrl(url: string): { host: string; port: number }[] | undefined {
  const m = CLUSTER_URL.exec(url);
  if (m === null) return undefined;
  return m[1].split(',').map((hp) => {
    const i = hp.lastIndexOf(':');
    return { host: hp.slice(0, i), port: Number(hp.slice(i + 1)) };
  });
}

/** Connection settings for the cache's Redis. Defaults are written on the fields. */
export interface CacheRedisOptions {
  /** `redis://host:port[/db]`, or `redis-cluster://h:p1,h:p2,…` for a cluster; when given, `host` and `port` are ignored. */
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
  /** Emulated network hop added to each command's round trip, ms (a timer, no CPU). Default 0: none. */
  hopMs?: number;
  /** Receives connection errors (ioredis emits them as events; without a listener it prints them). Default: ignore. */
  onError?: (error: Error) => void;
}

/**
 * A client that never queues: while disconnected, commands fail at once (`enableOfflineQueue: false`), in-flight
 * commands are not replayed after a reconnect, and every command is bounded by `commandTimeout`. It reconnects by itself.
 * One redis-server only; `createCacheClient` also takes a cluster URL.
 */
export function createCacheRedis(options: CacheRedisOptions = {}): Redis {
  const { url, host = '127.0.0.1', port = 6379, hopMs = 0, onError = () => {} } = options;
  const settings = clientSettings(options);
  const redis = url !== undefined ? new Redis(url, settings) : new Redis({ host, port, ...settings });
  redis.on('error', onError);
  return withHop(redis, hopMs);
}

/**
 * The cache's client for `url`: an ioredis `Cluster` for `redis-cluster://…`, else `createCacheRedis`. A cluster refuses
 * commands until it knows the slots; ioredis opens each node's connection lazily and lets it queue while connecting,
 * which `commandTimeout` still bounds.
 */
export function createCacheClient(options: CacheRedisOptions = {}): CacheRedis {
  const seeds = options.url === undefined ? undefined : parseClusterUrl(options.url);
  if (seeds === undefined) return createCacheRedis(options);
  const { onError = () => {} } = options;
  // Per-node offline queue and reconnects are ioredis's own (it re-reads the slots instead): not ours to set.
  const { enableOfflineQueue: _perNode, retryStrategy, ...nodeSettings } = clientSettings(options);
  const cluster = new Cluster(seeds, {
    enableOfflineQueue: false,
    clusterRetryStrategy: retryStrategy,
    redisOptions: nodeSettings,
    slotsRefreshTimeout: Math.max(1_000, options.connectTimeoutMs ?? 1_000),
  });
  cluster.on('error', onError);
  return withHop(cluster, options.hopMs ?? 0);
}

function clientSettings(options: CacheRedisOptions) {
  const { commandTimeoutMs = 200, connectTimeoutMs = 1_000, maxRetriesPerRequest = 0, reconnectMaxDelayMs = 1_000 } = options;
  return {
    commandTimeout: commandTimeoutMs,
    connectTimeout: connectTimeoutMs,
    maxRetriesPerRequest,
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    retryStrategy: (times: number) => Math.min(times * 50, reconnectMaxDelayMs),
  };
}

/** A second connection like `redis` (same server or cluster), e.g. for a subscriber; `overrides` are client options. */
export function duplicateCacheRedis(redis: CacheRedis, overrides: { enableOfflineQueue?: boolean } = {}): CacheRedis {
  return redis instanceof Cluster ? redis.duplicate(undefined, overrides) : redis.duplicate(overrides);
}

/** Resolves true once the client is ready, false if it is not within `timeoutMs` (the cache then starts in fallback). */
export function redisReady(redis: CacheRedis, timeoutMs = 2_000): Promise<boolean> {
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
