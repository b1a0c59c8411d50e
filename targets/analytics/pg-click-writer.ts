// Batched click writes on PostgreSQL: one multi-row `UPDATE … FROM unnest(ids, counts)` per flush and server, so a
// redirect's only query is its lookup. Rows are sent in id order, so two apps flushing overlapping batches take the
// row locks in the same order (no deadlock between them).
import type { StoreStats } from '../app/link-store.ts';
import type { PgPool } from '../app/pg-pool.ts';
import type { ClickBatchWriter, ClickEntry } from './click-batch.ts';

/**
 * Commits `entries` on `pool` in one statement (its own transaction) and resolves with the clicks written. Counts one
 * write of the pool (what the server was asked) and one `recordClick` per row in `stats` (as the SQLite writer counts
 * one UPDATE per clicked link), so /metrics shows what write-behind saves.
 */
export async function commitPgClicks(pool: PgPool, stats: StoreStats, entries: readonly ClickEntry[]): Promise<number> {
  if (entries.length === 0) return 0;
  const sorted = [...entries].sort((a, b) => a.id - b.id);
  const ids = sorted.map((e) => e.id);
  const counts = sorted.map((e) => e.n);
  await pool.run('write', (sql) => sql`UPDATE links AS l SET clicks = l.clicks + v.n FROM unnest(${ids}::bigint[], ${counts}::bigint[]) AS v(id, n) WHERE l.id = v.id`);
  stats.recordClick += entries.length;
  return counts.reduce((a, n) => a + n, 0);
}

/** The batch writer of one PostgreSQL primary: the whole batch in one statement; a failed one comes back whole. */
export function pgClickWriter(pool: PgPool, stats: StoreStats): ClickBatchWriter {
  return {
    write: (entries) =>
      commitPgClicks(pool, stats, entries).then(
        (written) => ({ written, failed: [] }),
        (error: unknown) => ({ written: 0, failed: [...entries], error }),
      ),
  };
}
