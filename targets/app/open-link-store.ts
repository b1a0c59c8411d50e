// The store a config asks for: one SQLite file (stages 1–4), or K shard files in a folder (stage 5, `dbDir`).
import { ShardedLinkStore } from '../shards/sharded-link-store.ts';
import type { AppConfig } from './config.ts';
import type { LinkStore } from './link-store.ts';
import { SqliteLinkStore } from './sqlite-link-store.ts';

export function openLinkStore(c: AppConfig): LinkStore {
  const common = { codeKey: c.codeKey, busyTimeoutMs: c.busyTimeoutMs, walAutocheckpointPages: c.walAutocheckpointPages };
  return c.dbDir !== undefined ? new ShardedLinkStore(c.dbDir, c.shards, common) : new SqliteLinkStore(c.dbPath, common);
}
