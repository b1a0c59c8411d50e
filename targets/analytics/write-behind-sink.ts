// Write-behind click counting: clicks add up in memory per link and are written in batches every flush interval.
// What it buys: one UPDATE per clicked link per interval instead of one per redirect, all in one transaction per shard.
// What it costs: a crash (SIGKILL, power loss of the process) loses the clicks counted since the last flush; a clean stop
// (close(), which the app calls on SIGTERM) flushes them first. A networked writer (PostgreSQL) answers later: one flush
// is in flight at a time, clicks counted meanwhile wait for the next one, and close() waits for both.
import type { ClickBatchWriter, ClickEntry, ClickWriteResult } from './click-batch.ts';
import { newClickSinkStats, type ClickSink, type ClickSinkStats } from './click-sink.ts';

export interface WriteBehindOptions {
  /** Commits a batch (one transaction per shard). */
  writer: ClickBatchWriter;
  /** Flush interval, ms (default 1000): the most a crash can lose is the clicks of one interval. */
  flushMs?: number;
  /** Flush early once this many distinct links are pending, bounding a batch's size and its event-loop pause (default 50_000). */
  maxPendingLinks?: number;
  /** Called with the error of a failed (partial) flush; its clicks stay pending (default: ignore). */
  onFlushError?: (error: unknown) => void;
  /** Start the interval timer (default true; false for tests that call flush() themselves). */
  timer?: boolean;
}

interface Pending {
  code: string;
  n: number;
}

export class WriteBehindClickSink implements ClickSink {
  readonly writeBehind = true;
  readonly mode = 'write-behind' as const;
  readonly stats: ClickSinkStats = newClickSinkStats();
  readonly flushMs: number;
  readonly #writer: ClickBatchWriter;
  readonly #maxPendingLinks: number;
  readonly #onFlushError: (error: unknown) => void;
  #pending = new Map<number, Pending>();
  #timer: NodeJS.Timeout | undefined;
  #closing: Promise<void> | undefined;
  #earlyFlushQueued = false;
  #inFlight: Promise<void> | undefined;

  constructor(options: WriteBehindOptions) {
    const { writer, flushMs = 1000, maxPendingLinks = 50_000, onFlushError = () => {}, timer = true } = options;
    if (!(Number.isInteger(flushMs) && flushMs >= 1 && flushMs <= 3_600_000)) throw new RangeError(`flushMs must be an integer between 1 and 3600000, got ${flushMs}`);
    if (!(Number.isInteger(maxPendingLinks) && maxPendingLinks >= 1)) throw new RangeError(`maxPendingLinks must be a positive integer, got ${maxPendingLinks}`);
    this.#writer = writer;
    this.flushMs = flushMs;
    this.#maxPendingLinks = maxPendingLinks;
    this.#onFlushError = onFlushError;
    if (timer) {
      this.#timer = setInterval(() => void this.flush(), flushMs);
      // The timer alone never keeps a process alive: shutdown paths call close(), which flushes.
      this.#timer.unref();
    }
  }

  /** The hot path: one map lookup and an increment. */
  record(id: number, code: string): void {
    const p = this.#pending.get(id);
    if (p === undefined) {
      this.#pending.set(id, { code, n: 1 });
      this.stats.pendingLinks++;
      if (this.stats.pendingLinks >= this.#maxPendingLinks && !this.#earlyFlushQueued) {
        this.#earlyFlushQueued = true;
        setImmediate(() => void this.flush());
      }
    } else p.n++;
    this.stats.pending++;
  }

  /** Writes what is pending; a Promise while a networked writer's statement is in flight (it never rejects). */
  flush(): void | Promise<void> {
    // One statement in flight at a time: what was counted meanwhile goes with the next flush (an early flush stays
    // queued until then, so a burst of new links does not queue one per link).
    if (this.#inFlight !== undefined) return this.#inFlight;
    this.#earlyFlushQueued = false;
    if (this.#pending.size === 0) return;
    const batch = this.#pending;
    this.#pending = new Map();
    this.stats.pending = 0;
    this.stats.pendingLinks = 0;
    const entries: ClickEntry[] = [];
    for (const [id, p] of batch) entries.push({ id, code: p.code, n: p.n });
    const t0 = performance.now();
    const result = this.#writer.write(entries);
    if (!(result instanceof Promise)) return this.#settle(result, t0);
    this.#inFlight = result.then(
      (r) => this.#settle(r, t0),
      // A writer should not reject; if one does, its whole batch stays pending.
      (error: unknown) => this.#settle({ written: 0, failed: entries, error }, t0),
    ).finally(() => {
      this.#inFlight = undefined;
    });
    return this.#inFlight;
  }

  /** Stops the timer and writes the rest; a Promise when the writer is networked. Safe to call twice. */
  close(): void | Promise<void> {
    if (this.#closing !== undefined) return this.#closing;
    if (this.#timer !== undefined) clearInterval(this.#timer);
    const first = this.flush();
    if (first === undefined) {
      this.#closing = Promise.resolve();
      return;
    }
    // The flush in flight may not have carried the last clicks: write what is left once it is done.
    this.#closing = first.then(() => this.flush());
    return this.#closing;
  }

  #settle(result: ClickWriteResult, t0: number): void {
    this.stats.flushMs += performance.now() - t0;
    this.stats.flushes++;
    this.stats.flushed += result.written;
    if (result.failed.length > 0) {
      this.stats.flushFailures++;
      // Kept for the next flush, merged with clicks counted meanwhile: nothing is lost while the process lives.
      for (const e of result.failed) this.#add(e);
      this.#onFlushError(result.error);
    }
  }

  #add(e: ClickEntry): void {
    const p = this.#pending.get(e.id);
    if (p === undefined) {
      this.#pending.set(e.id, { code: e.code, n: e.n });
      this.stats.pendingLinks++;
    } else p.n += e.n;
    this.stats.pending += e.n;
  }
}
