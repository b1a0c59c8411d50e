// Redis pub/sub fan-out of deletes, so every app process drops a deleted code from its local LRU at once.
import { duplicateCacheRedis, type CacheRedis } from './redis-client.ts';

export interface InvalidationBus {
  /** Publishes `code` to every subscriber (this process included). Rejects when Redis is unreachable. */
  publish(code: string): Promise<void>;
  /** Unsubscribes and closes the subscriber connection. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Subscribes on a duplicate of `redis` (a subscribed connection can do nothing else) and calls `onInvalidate` for
 * every published code. On a Redis Cluster this works unchanged: PUBLISH on any node reaches subscribers on every node
 * (classic pub/sub is cluster-wide), and ioredis subscribes the duplicate through one node. While Redis is down, deletes are not fanned out: the LRU's TTL bounds how long one is stale.
 */
export async function startInvalidationBus(redis: CacheRedis, onInvalidate: (code: string) => void, channel = 'scaleladder:invalidate'): Promise<InvalidationBus> {
  const sub = duplicateCacheRedis(redis, { enableOfflineQueue: true });
  sub.on('error', () => {});
  sub.on('message', (ch: string, code: string) => {
    if (ch === channel) onInvalidate(code);
  });
  await sub.subscribe(channel);
  let closed = false;
  return {
    async publish(code) {
      await redis.publish(channel, code);
    },
    async close() {
      if (closed) return;
      closed = true;
      sub.disconnect();
    },
  };
}
