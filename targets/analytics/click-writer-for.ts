// Picks the batch writer of a store: per-shard transactions for the sharded store, one transaction for one SQLite file.
import type { LinkStore } from '../app/link-store.ts';
import { SqliteLinkStore } from '../app/sqlite-link-store.ts';
import { ShardedLinkStore } from '../shards/sharded-link-store.ts';
import type { ClickBatchWriter } from './click-batch.ts';
import { perClickWriter, sqliteClickWriter } from './sqlite-click-writer.ts';

export function clickWriterFor(store: LinkStore, busyTimeoutMs: number): ClickBatchWriter {
  if (store instanceof ShardedLinkStore) return store.clickWriter();
  if (store instanceof SqliteLinkStore) return sqliteClickWriter(store.db, store.stats, busyTimeoutMs);
  return perClickWriter(store);
}
