// Batched click writes into one SQLite file: one IMMEDIATE transaction of `UPDATE … clicks = clicks + ?` per batch.
import type { LinkStore, StoreStats } from '../app/link-store.ts';
import type { Db } from '../app/sqlite-db.ts';
import { retryBusy } from '../app/sqlite-busy.ts';
import type { ClickBatchWriter, ClickEntry } from './click-batch.ts';

/**
 * A function that commits `entries` into `db` in one transaction, retrying SQLITE_BUSY up to `busyTimeoutMs`
 * (then it throws StoreBusyError and nothing of the batch is written). Each UPDATE counts as one `recordClick`
 * statement in `stats`, so /metrics shows the DB writes write-behind saves.
 */
export function sqliteClickTx(db: Db, stats: StoreStats, busyTimeoutMs: number): (entries: readonly ClickEntry[]) => number {
  const update = db.prepare<[number, number]>('UPDATE links SET clicks = clicks + ? WHERE id = ?');
  const tx = db.transaction((entries: readonly ClickEntry[]) => {
    let clicks = 0;
    for (const e of entries) {
      update.run(e.n, e.id);
      clicks += e.n;
    }
    return clicks;
  });
  return (entries) => {
    if (entries.length === 0) return 0;
    let clicks: number;
    try {
      clicks = tx.immediate(entries);
    } catch (err) {
      clicks = retryBusy(err, () => tx.immediate(entries), stats, busyTimeoutMs);
    }
    stats.recordClick += entries.length;
    return clicks;
  };
}

/** The batch writer of a one-file store. */
export function sqliteClickWriter(db: Db, stats: StoreStats, busyTimeoutMs: number): ClickBatchWriter {
  const commit = sqliteClickTx(db, stats, busyTimeoutMs);
  return {
    write(entries) {
      try {
        return { written: commit(entries), failed: [] };
      } catch (error) {
        return { written: 0, failed: [...entries], error };
      }
    },
  };
}

/** For a store without batch support (a test double): one recordClick per click. */
export function perClickWriter(store: LinkStore): ClickBatchWriter {
  return {
    write(entries) {
      let written = 0;
      for (const [i, e] of entries.entries()) {
        let k = 0;
        try {
          for (; k < e.n; k++) store.recordClick(e.id, e.code);
          written += e.n;
        } catch (error) {
          return { written: written + k, failed: [{ ...e, n: e.n - k }, ...entries.slice(i + 1)], error };
        }
      }
      return { written, failed: [] };
    },
  };
}
