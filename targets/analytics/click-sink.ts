// Where the redirect path counts a click: synchronously in the store (stages 1–4), through Redis and the store (write-through),
// or in memory for a batched write (write-behind).
import type { LinkStore } from '../app/link-store.ts';

/** Counters of a click sink, read by /metrics at scrape time. */
export interface ClickSinkStats {
  /** Clicks counted in memory and not yet written (0 for a synchronous sink). */
  pending: number;
  /** Distinct links with pending clicks. */
  pendingLinks: number;
  /** Batches written. */
  flushes: number;
  /** Clicks written by those batches. */
  flushed: number;
  /** Batches (or parts of one) that failed; their clicks were kept pending for the next flush. */
  flushFailures: number;
  /** Wall time spent writing batches, ms (SQLite: the event loop is blocked meanwhile; PostgreSQL: the statement's round trip). */
  flushMs: number;
  /** Write-through: click counters incremented in the cache (Redis). */
  cacheWrites?: number;
  /** Write-through: cache increments that failed (the DB write stood; the cached count is behind). */
  cacheWriteFailures?: number;
}

/** How a sink writes clicks: one UPDATE per redirect, cache + DB per redirect, or batched from memory. */
export type ClickWriteMode = 'sync' | 'write-through' | 'write-behind';

export interface ClickSink {
  /** Count one click of link `id` (whose code is `code`: the sharded store places by code); a Promise when the store is networked. */
  record(id: number, code: string): void | Promise<void>;
  /** Write whatever is pending now (no-op for a synchronous sink); a Promise while a networked write is in flight. */
  flush(): void | Promise<void>;
  /** Flush and stop any timer; safe to call twice. Call before closing the store, and await it (a networked writer answers later). */
  close(): void | Promise<void>;
  readonly stats: Readonly<ClickSinkStats>;
  /** True when clicks are batched in memory (so a crash loses the pending ones). */
  readonly writeBehind: boolean;
  readonly mode: ClickWriteMode;
}

export function newClickSinkStats(): ClickSinkStats {
  return { pending: 0, pendingLinks: 0, flushes: 0, flushed: 0, flushFailures: 0, flushMs: 0 };
}

/** Today's behaviour: one `UPDATE … clicks + 1` per redirect, before the redirect is answered. */
export function syncClickSink(store: LinkStore): ClickSink {
  const stats = newClickSinkStats();
  return {
    record: (id, code) => store.recordClick(id, code),
    flush: () => {},
    close: () => {},
    stats,
    writeBehind: false,
    mode: 'sync',
  };
}
