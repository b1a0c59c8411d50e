// Globally unique ids across shards and processes (hi/lo): each process takes a block of ids from one sequence row
// inside BEGIN IMMEDIATE, then hands them out from memory. One small transaction per block instead of per link.
//
// Trade-offs, on purpose:
// - ids are unique and never reused, but not in creation order across processes: process A may hold 1001–2000 while
//   B hands out 2001–3000, so B's link can have a larger id than A's later one;
// - a process that stops (or crashes) abandons the rest of its block: gaps of up to blockSize−1 ids per restart.
//   Codes come from ids through a permutation, so gaps are invisible to users and cost nothing but id space (2^41).
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { DEFAULT_CODE_KEY, MAX_ID, encodeId } from '../app/codegen.ts';
import type { StoreStats } from '../app/link-store.ts';
import type { Db } from '../app/sqlite-db.ts';
import { retryBusy } from '../app/sqlite-busy.ts';

/** The shape every process of one shard folder must agree on; checked on open. */
export interface ShardLayout {
  shards: number;
  vnodes: number;
  codeKey?: number;
}

/** Opening a shard folder with another K, vnode count or code key would misplace codes. */
export class ShardLayoutMismatchError extends Error {
  /** `what`: the shard store's kind and what to do instead (default: a SQLite shard folder, a new --db-dir). */
  constructor(file: string, key: string, stored: string, asked: string, what = { made: 'this shard folder', fresh: 'a new --db-dir' }) {
    super(`${file}: ${what.made} was made with ${key}=${stored}, not ${asked}; use the same --shards (and code key), or ${what.fresh}`);
    this.name = 'ShardLayoutMismatchError';
  }
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS id_blocks (name TEXT PRIMARY KEY, next_id INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS layout (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
`;

/** Opens (creating) the sequence file and checks (or records) the layout, in one IMMEDIATE transaction. */
export function openSequence(file: string, layout: ShardLayout, setupBusyTimeoutMs = 5000): Db {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, { timeout: setupBusyTimeoutMs });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    const want: Record<string, string> = {
      shards: String(layout.shards),
      vnodes: String(layout.vnodes),
      hash: 'fnv1a32+fmix32',
      code_of_id_1: encodeId(1, layout.codeKey ?? DEFAULT_CODE_KEY),
    };
    db.transaction(() => {
      db.exec(SCHEMA);
      const get = db.prepare<[string], string>('SELECT value FROM layout WHERE key = ?').pluck();
      const put = db.prepare('INSERT INTO layout(key, value) VALUES (?, ?)');
      for (const [key, value] of Object.entries(want)) {
        const stored = get.get(key);
        if (stored === undefined) put.run(key, value);
        else if (stored !== value) throw new ShardLayoutMismatchError(file, key === 'code_of_id_1' ? 'code key (code of id 1)' : key, stored, value);
      }
    }).immediate();
    db.pragma('busy_timeout = 0');
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

export interface IdBlocksOptions {
  /** Ids taken per transaction (default 1000). */
  blockSize?: number;
  /** Retry budget for a locked sequence file, ms (default 5000). */
  busyTimeoutMs?: number;
  /** Busy retries are counted here (the store's stats). */
  stats: StoreStats;
}

/** Hands out ids from blocks reserved in the sequence file. Not shared between processes: each has its own. */
export class IdBlocks {
  readonly blockSize: number;
  /** Blocks taken by this process. */
  blocksTaken = 0;
  readonly #reserve: (n: number) => number;
  readonly #stats: StoreStats;
  readonly #busyTimeoutMs: number;
  #next = 0;
  #end = 0;

  constructor(db: Db, options: IdBlocksOptions) {
    const { blockSize = 1000, busyTimeoutMs = 5000, stats } = options;
    if (!(Number.isInteger(blockSize) && blockSize >= 1 && blockSize <= 1_000_000)) throw new RangeError(`blockSize must be an integer between 1 and 1000000, got ${blockSize}`);
    this.blockSize = blockSize;
    this.#stats = stats;
    this.#busyTimeoutMs = busyTimeoutMs;
    const select = db.prepare<[], number>("SELECT next_id FROM id_blocks WHERE name = 'links'").pluck();
    const upsert = db.prepare<[number]>("INSERT INTO id_blocks(name, next_id) VALUES ('links', ?) ON CONFLICT(name) DO UPDATE SET next_id = excluded.next_id");
    const tx = db.transaction((n: number): number => {
      const first = select.get() ?? 1;
      if (first + n - 1 > MAX_ID) throw new RangeError(`id space exhausted: ids ${first}..${first + n - 1} are above ${MAX_ID}`);
      upsert.run(first + n);
      return first;
    });
    this.#reserve = (n) => tx.immediate(n);
  }

  /** The next id of this process's block, taking a new block when it is used up. */
  next(): number {
    if (this.#next >= this.#end) {
      const first = this.reserve(this.blockSize);
      this.#next = first;
      this.#end = first + this.blockSize;
      this.blocksTaken++;
    }
    return this.#next++;
  }

  /** Reserves `n` consecutive ids (seeding) and returns the first; retries SQLITE_BUSY within the budget. */
  reserve(n: number): number {
    try {
      return this.#reserve(n);
    } catch (err) {
      return retryBusy(err, () => this.#reserve(n), this.#stats, this.#busyTimeoutMs);
    }
  }
}
