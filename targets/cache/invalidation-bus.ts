// Redis pub/sub fan-out of deletes, so every app process drops a deleted code from its local LRU at once.
import type { Redis } from 'ioredis';

export interface InvalidationBus {
  /** Publishes `code` to every subscriber (this process included). Rejects when Redis is unreachable. */
  publish(code: string): Promise<void>;
  /** Unsubscribes and closes the subscriber connection. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Subscribes on a duplicate of `redis` (a subscribed connection can do nothing else) and calls `onInvalidate` for
 * every published code. While Redis is down, deletes are not fanned out: the LRU's TTL bounds how long one is stale.
 */
export async function startInvalidationBus(redis: Redis, onInvalidate: (code: string) => void, channel = 'scaleladder:invalidate'): Promise<InvalidationBus> {
  const sub = redis.duplicate({ enableOfflineQueue: true });
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
