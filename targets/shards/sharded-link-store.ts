// LinkStore over K SQLite files: each code lives on the shard its consistent-hash ring picks; each shard is its own
// file with its own connection, WAL and writer lock, so writes to different shards never wait on each other.
// Ids come from per-process blocks of one sequence file (id-blocks.ts), so they stay unique across shards and processes.
import type { Statement } from 'better-sqlite3';
import type { ClickBatchWriter, ClickEntry } from '../analytics/click-batch.ts';
import { sqliteClickTx } from '../analytics/sqlite-click-writer.ts';
import { DEFAULT_CODE_KEY, encodeId } from '../app/codegen.ts';
import { CodeTakenError, newStoreStats, type Link, type LinkStore, type StoreStats } from '../app/link-store.ts';
import { retryBusy } from '../app/sqlite-busy.ts';
import { openDatabase, type Db } from '../app/sqlite-db.ts';
import { checkCustomCode } from '../app/sqlite-link-store.ts';
import { IdBlocks, openSequence } from './id-blocks.ts';
import { shardFile, sequenceFile } from './shard-files.ts';
import { DEFAULT_SHARD_VNODES, ShardPlacement } from './shard-placement.ts';

export interface ShardedLinkStoreOptions {
  /** Code permutation key (default DEFAULT_CODE_KEY); must match the key the shards were seeded with. */
  codeKey?: number;
  /** Retry budget for SQLITE_BUSY on request paths, in ms (default 5000). */
  busyTimeoutMs?: number;
  /** PRAGMA wal_autocheckpoint of each shard, in pages (default 1000). */
  walAutocheckpointPages?: number;
  /** Ids this process takes from the sequence per transaction (default 1000). */
  idBlockSize?: number;
  /** Ring points per shard (default 160); must match the folder's layout. */
  vnodes?: number;
  /** PRAGMA synchronous of each shard (default 'NORMAL', as every links file; 'FULL' fsyncs each commit: for probes of a disk-bound writer). */
  synchronous?: 'NORMAL' | 'FULL';
  /** Injected clock for created_at (default Date.now). */
  now?: () => number;
}

/** Statement counters of one shard (this process's view). */
export interface ShardCounters {
  reads: number;
  /** Statements that change the shard: inserts, deletes, click updates (a batch counts one per row). */
  writes: number;
  /** Write transactions committed (a click batch is one per shard). */
  transactions: number;
}

interface LinkRow {
  id: number;
  code: string;
  url: string;
  createdAt: number;
  clicks: number;
}

class Shard {
  readonly counters: ShardCounters = { reads: 0, writes: 0, transactions: 0 };
  readonly selectByCode: Statement<[string], LinkRow>;
  readonly incrementClicks: Statement<[number]>;
  readonly deleteByCode: Statement<[string]>;
  readonly insert: Statement<[number, string, string, number]>;
  readonly commitClicks: (entries: readonly ClickEntry[]) => number;

  constructor(
    readonly index: number,
    readonly path: string,
    readonly db: Db,
    stats: StoreStats,
    busyTimeoutMs: number,
  ) {
    this.selectByCode = db.prepare<[string], LinkRow>('SELECT id, code, url, created_at AS createdAt, clicks FROM links WHERE code = ?');
    this.incrementClicks = db.prepare<[number]>('UPDATE links SET clicks = clicks + 1 WHERE id = ?');
    this.deleteByCode = db.prepare<[string]>('DELETE FROM links WHERE code = ?');
    this.insert = db.prepare<[number, string, string, number]>('INSERT INTO links(id, code, url, created_at) VALUES (?, ?, ?, ?)');
    this.commitClicks = sqliteClickTx(db, stats, busyTimeoutMs);
  }
}

export class ShardedLinkStore implements LinkStore {
  readonly stats: StoreStats = newStoreStats();
  readonly dir: string;
  readonly placement: ShardPlacement;
  readonly ids: IdBlocks;
  readonly #shards: Shard[] = [];
  readonly #sequence: Db;
  readonly #codeKey: number;
  readonly #busyTimeoutMs: number;
  readonly #now: () => number;

  constructor(dir: string, k: number, options: ShardedLinkStoreOptions = {}) {
    const { codeKey = DEFAULT_CODE_KEY, busyTimeoutMs = 5000, walAutocheckpointPages, idBlockSize = 1000, vnodes = DEFAULT_SHARD_VNODES, synchronous = 'NORMAL', now = Date.now } = options;
    if (synchronous !== 'NORMAL' && synchronous !== 'FULL') throw new RangeError(`synchronous must be 'NORMAL' or 'FULL', got '${String(synchronous)}'`);
    this.dir = dir;
    this.placement = new ShardPlacement(k, vnodes);
    this.#codeKey = codeKey;
    this.#busyTimeoutMs = busyTimeoutMs;
    this.#now = now;
    this.#sequence = openSequence(sequenceFile(dir), { shards: k, vnodes, codeKey }, busyTimeoutMs);
    try {
      this.ids = new IdBlocks(this.#sequence, { blockSize: idBlockSize, busyTimeoutMs, stats: this.stats });
      for (let i = 0; i < k; i++) {
        const path = shardFile(dir, i);
        const db = openDatabase(path, { codeKey, setupBusyTimeoutMs: busyTimeoutMs, walAutocheckpointPages });
        if (synchronous !== 'NORMAL') db.pragma(`synchronous = ${synchronous}`);
        this.#shards.push(new Shard(i, path, db, this.stats, busyTimeoutMs));
      }
    } catch (err) {
      this.close();
      throw err;
    }
  }

  get k(): number {
    return this.placement.k;
  }

  /** Index of the shard holding `code`. */
  shardOf(code: string): number {
    return this.placement.shardOf(code);
  }

  /** This process's statement counters per shard, index = shard. */
  shardCounters(): ShardCounters[] {
    return this.#shards.map((s) => ({ ...s.counters }));
  }

  /** The database file of each shard, index = shard (for tests and tools). */
  shardPaths(): string[] {
    return this.#shards.map((s) => s.path);
  }

  getByCode(code: string): Link | undefined {
    const s = this.#shards[this.shardOf(code)];
    this.stats.getByCode++;
    s.counters.reads++;
    try {
      return s.selectByCode.get(code);
    } catch (err) {
      return retryBusy(err, () => s.selectByCode.get(code), this.stats, this.#busyTimeoutMs);
    }
  }

  recordClick(id: number, code?: string): void {
    this.stats.recordClick++;
    const home = this.shardOf(code ?? encodeId(id, this.#codeKey));
    if (this.#increment(this.#shards[home], id) > 0 || code !== undefined) return;
    // No code given and not on its id's shard: a custom-code link. Rare; look on the others.
    for (const s of this.#shards) if (s.index !== home && this.#increment(s, id) > 0) return;
  }

  delete(code: string): boolean {
    const s = this.#shards[this.shardOf(code)];
    this.stats.delete++;
    s.counters.writes++;
    s.counters.transactions++;
    let changes: number;
    try {
      changes = s.deleteByCode.run(code).changes;
    } catch (err) {
      changes = retryBusy(err, () => s.deleteByCode.run(code).changes, this.stats, this.#busyTimeoutMs);
    }
    return changes > 0;
  }

  create(url: string, customCode?: string): Link {
    if (customCode !== undefined) checkCustomCode(customCode);
    this.stats.create++;
    // Custom links take an id too (from the same blocks), so ids stay unique over every shard.
    const id = this.ids.next();
    const code = customCode ?? encodeId(id, this.#codeKey);
    const s = this.#shards[this.shardOf(code)];
    const createdAt = this.#now();
    s.counters.writes++;
    s.counters.transactions++;
    const insert = () => s.insert.run(id, code, url, createdAt);
    try {
      try {
        insert();
      } catch (err) {
        retryBusy(err, insert, this.stats, this.#busyTimeoutMs);
      }
    } catch (err) {
      // A generated code can never be taken (ids are unique, custom codes never have its shape).
      if (customCode !== undefined && (err as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new CodeTakenError(customCode);
      throw err;
    }
    return { id, code, url, createdAt, clicks: 0 };
  }

  /** Write-behind batches: grouped by shard, one transaction per shard; a busy shard's entries come back as failed. */
  clickWriter(): ClickBatchWriter {
    return {
      write: (entries) => {
        const byShard: ClickEntry[][] = this.#shards.map(() => []);
        for (const e of entries) byShard[this.shardOf(e.code)].push(e);
        let written = 0;
        const failed: ClickEntry[] = [];
        let error: unknown;
        for (const [i, batch] of byShard.entries()) {
          if (batch.length === 0) continue;
          const s = this.#shards[i];
          try {
            written += s.commitClicks(batch);
            s.counters.writes += batch.length;
            s.counters.transactions++;
          } catch (err) {
            failed.push(...batch);
            error ??= err;
          }
        }
        return { written, failed, ...(error !== undefined ? { error } : {}) };
      },
    };
  }

  isOpen(): boolean {
    return this.#sequence.open && this.#shards.length === this.k && this.#shards.every((s) => s.db.open);
  }

  close(): void {
    for (const s of this.#shards) if (s.db.open) s.db.close();
    if (this.#sequence?.open) this.#sequence.close();
  }

  #increment(s: Shard, id: number): number {
    s.counters.writes++;
    s.counters.transactions++;
    try {
      return s.incrementClicks.run(id).changes;
    } catch (err) {
      return retryBusy(err, () => s.incrementClicks.run(id).changes, this.stats, this.#busyTimeoutMs);
    }
  }
}
