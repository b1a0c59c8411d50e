// SQLITE_BUSY retries done here rather than inside SQLite's busy handler, so every wait is counted for /metrics.
// The wait blocks the thread (Atomics.wait), exactly as SQLite's own busy_timeout would, but it is visible.
import { StoreBusyError, type StoreStats } from './link-store.ts';

const sleepCell = new Int32Array(new SharedArrayBuffer(4));

function sleepMs(ms: number): void {
  Atomics.wait(sleepCell, 0, 0, ms);
}

/** True for SQLITE_BUSY and its extended codes (BUSY_SNAPSHOT, BUSY_RECOVERY, BUSY_TIMEOUT). */
export function isBusyError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/**
 * Called after `op` already threw `firstError` once: rethrow it unless it is SQLITE_BUSY, else retry `op`
 * with jittered exponential backoff (0.25 ms doubling to 20 ms) until `budgetMs` is spent.
 */
export function retryBusy<T>(firstError: unknown, op: () => T, stats: StoreStats, budgetMs: number): T {
  if (!isBusyError(firstError)) throw firstError;
  const started = performance.now();
  let backoff = 0.25;
  let lastError: unknown = firstError;
  for (;;) {
    const waited = performance.now() - started;
    if (waited >= budgetMs) {
      stats.busyTimeouts++;
      throw new StoreBusyError(waited, { cause: lastError });
    }
    const pause = Math.min(backoff * (0.5 + Math.random()), budgetMs - waited);
    stats.busyRetries++;
    const t0 = performance.now();
    sleepMs(pause);
    stats.busyWaitMs += performance.now() - t0;
    backoff = Math.min(backoff * 2, 20);
    try {
      return op();
    } catch (err) {
      if (!isBusyError(err)) throw err;
      lastError = err;
    }
  }
}
