// The store a config asks for: one SQLite file (stages 1–4), K shard files in a folder (stage 5, `dbDir`), or a
// PostgreSQL primary with optional read replicas (`pgUrl`), or K PostgreSQL shards (`pgShardUrls`).
import { ShardedLinkStore } from '../shards/sharded-link-store.ts';
import type { AppConfig } from './config.ts';
import type { LinkStore } from './link-store.ts';
import { SqliteLinkStore } from './sqlite-link-store.ts';

export async function openLinkStore(c: AppConfig): Promise<LinkStore> {
  if (c.pgShardUrls.length > 0) {
    const { PgShardedLinkStore } = await import('../shards/pg-sharded-link-store.ts');
    return PgShardedLinkStore.open({ urls: c.pgShardUrls, pool: c.pgPool, codeKey: c.codeKey, hopMs: c.hopMs });
  }
  if (c.pgUrl !== undefined) {
    // Loaded only here, so a SQLite app never loads the PostgreSQL client.
    const { PostgresLinkStore } = await import('./pg-link-store.ts');
    return PostgresLinkStore.open({ url: c.pgUrl, replicaUrls: c.pgReplicaUrls, pool: c.pgPool, codeKey: c.codeKey, readYourWrites: c.readYourWrites, lagBoundMs: c.lagBoundMs, hopMs: c.hopMs });
  }
  const common = { codeKey: c.codeKey, busyTimeoutMs: c.busyTimeoutMs, walAutocheckpointPages: c.walAutocheckpointPages };
  return c.dbDir !== undefined ? new ShardedLinkStore(c.dbDir, c.shards, common) : new SqliteLinkStore(c.dbPath, common);
}
