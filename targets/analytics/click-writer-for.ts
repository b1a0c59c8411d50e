// Picks the batch writer of a store: one transaction for one SQLite file, or the store's own (per-shard transactions
// for the SQLite shards, one multi-row statement per PostgreSQL server).
import type { LinkStore } from '../app/link-store.ts';
import { SqliteLinkStore } from '../app/sqlite-link-store.ts';
import type { ClickBatchWriter } from './click-batch.ts';
import { perClickWriter, sqliteClickWriter } from './sqlite-click-writer.ts';

export function clickWriterFor(store: LinkStore, busyTimeoutMs: number): ClickBatchWriter {
  if (store instanceof SqliteLinkStore) return sqliteClickWriter(store.db, store.stats, busyTimeoutMs);
  if (store.clickWriter !== undefined) return store.clickWriter();
  return perClickWriter(store);
}
