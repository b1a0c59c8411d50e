// Prometheus families of a sharded store (SQLite files or PostgreSQL servers): statements and write transactions per shard, id blocks taken.
import type { ShardCounters } from './sharded-link-store.ts';

/** What a sharded store (SQLite files or PostgreSQL servers) exposes to these families. */
export interface ShardedStoreView {
  readonly k: number;
  shardCounters(): ShardCounters[];
  readonly ids: { readonly blocksTaken: number };
}

export function shardMetricsText(store: ShardedStoreView, over = 'SQLite shard files'): string {
  const out: string[] = [];
  const family = (name: string, type: string, help: string) => out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
  const counters = store.shardCounters();
  family('scaleladder_shards', 'gauge', `${over} this store spreads links over (consistent hashing on the code).`);
  out.push(`scaleladder_shards ${store.k}`);
  family('scaleladder_shard_queries_total', 'counter', 'Statements issued per shard, by kind (a click batch counts one write per row).');
  for (const [i, c] of counters.entries()) {
    out.push(`scaleladder_shard_queries_total{shard="${i}",kind="read"} ${c.reads}`);
    out.push(`scaleladder_shard_queries_total{shard="${i}",kind="write"} ${c.writes}`);
  }
  family('scaleladder_shard_write_transactions_total', 'counter', 'Write transactions committed per shard (each takes the writer lock of that shard once).');
  for (const [i, c] of counters.entries()) out.push(`scaleladder_shard_write_transactions_total{shard="${i}"} ${c.transactions}`);
  family('scaleladder_id_blocks_taken_total', 'counter', 'Id blocks this process reserved (from the sequence file, or from the shards\' block sequences on PostgreSQL).');
  out.push(`scaleladder_id_blocks_taken_total ${store.ids.blocksTaken}`);
  return out.join('\n') + '\n';
}
