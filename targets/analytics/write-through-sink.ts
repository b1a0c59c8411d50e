// Write-through click counting: each click is written to Redis (INCR clicks:<code>) and to the database, both before the
// redirect is answered. What it buys: the cache always holds the live count (a stats read never touches the DB) and a
// crash loses nothing that was acknowledged. What it costs: every redirect waits for two writes (seed 002: "doubles
// write latency"), and the DB still takes one UPDATE per redirect.
import type { LinkStore } from '../app/link-store.ts';
import type { CacheRedis } from '../cache/redis-client.ts';
import { newClickSinkStats, type ClickSink, type ClickSinkStats } from './click-sink.ts';

export interface WriteThroughOptions {
  store: LinkStore;
  /** The cache the counts are written through (the app's Redis or Redis Cluster). */
  redis: CacheRedis;
  /** Key of a link's counter (default `clicks:<code>`: one key per link, so it lands on one cluster slot). */
  keyOf?: (code: string) => string;
  /** Called with the error of a failed cache write; the DB write stands and the redirect is still answered (default: ignore). */
  onCacheError?: (error: unknown) => void;
}

export class WriteThroughClickSink implements ClickSink {
  readonly writeBehind = false;
  readonly mode = 'write-through' as const;
  readonly stats: ClickSinkStats = newClickSinkStats();
  readonly #store: LinkStore;
  readonly #redis: CacheRedis;
  readonly #keyOf: (code: string) => string;
  readonly #onCacheError: (error: unknown) => void;
  #closed = false;

  constructor(options: WriteThroughOptions) {
    const { store, redis, keyOf = (code) => `clicks:${code}`, onCacheError = () => {} } = options;
    this.#store = store;
    this.#redis = redis;
    this.#keyOf = keyOf;
    this.#onCacheError = onCacheError;
  }

  /** Both writes issued together; resolves when both are done. A cache failure is counted, never turned into an error page. */
  record(id: number, code: string): Promise<void> {
    const cached = this.#redis.incr(this.#keyOf(code)).then(
      () => {
        this.stats.cacheWrites = (this.stats.cacheWrites ?? 0) + 1;
      },
      (err: unknown) => {
        this.stats.cacheWriteFailures = (this.stats.cacheWriteFailures ?? 0) + 1;
        this.#onCacheError(err);
      },
    );
    let stored: void | Promise<void>;
    try {
      stored = this.#store.recordClick(id, code);
    } catch (err) {
      // The DB refused (busy past its budget): the redirect fails as with synchronous clicks, once the cache write settled.
      return cached.then(() => Promise.reject(err));
    }
    return stored instanceof Promise ? Promise.all([cached, stored]).then(() => undefined) : cached;
  }

  flush(): void {}

  /** Drops the cache connection; safe to call twice. Call after the last request was answered. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#redis.disconnect();
  }
}
