// The single-flight rebuild lock: `SET lock:<code> <token> NX PX <ms>` to take it, compare-and-delete to release only our own.
import { randomUUID } from 'node:crypto';
import type { CacheRedis } from './redis-client.ts';

const RELEASE_IF_OWNER = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/** A token unique to one rebuild attempt (so a winner whose lock expired never deletes the next winner's lock). */
export function lockToken(): string {
  return `${process.pid}:${randomUUID()}`;
}

/** True when this caller took the lock. Throws when Redis fails. */
export async function tryLock(redis: CacheRedis, key: string, token: string, ttlMs: number): Promise<boolean> {
  return (await redis.set(key, token, 'PX', Math.max(1, Math.round(ttlMs)), 'NX')) === 'OK';
}

/** Deletes the lock if it is still ours; errors are swallowed (the lock then expires by its TTL). */
export async function releaseLock(redis: CacheRedis, key: string, token: string): Promise<void> {
  try {
    await redis.eval(RELEASE_IF_OWNER, 1, key, token);
  } catch {
    // expires by itself
  }
}
