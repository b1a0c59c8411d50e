// LinkStore on one SQLite file through prepared statements; safe with several processes on the same file.
// Generated codes come from the id SQLite's AUTOINCREMENT sequence hands out, read and used inside one IMMEDIATE
// transaction, so no process keeps an id counter of its own and ids (hence codes) are never reused.
import type { Statement } from 'better-sqlite3';
import { DEFAULT_CODE_KEY, MAX_ID, encodeId, hasGeneratedShape, isValidCode } from './codegen.ts';
import { CodeTakenError, InvalidCodeError, newStoreStats, type Link, type LinkStore, type StoreStats } from './link-store.ts';
import { openDatabase, type Db } from './sqlite-db.ts';
import { retryBusy } from './sqlite-busy.ts';

export interface SqliteLinkStoreOptions {
  /** Code permutation key (default DEFAULT_CODE_KEY); must match the key the file was seeded with. */
  codeKey?: number;
  /** Retry budget for SQLITE_BUSY on request paths, in ms (default 5000). */
  busyTimeoutMs?: number;
  /** PRAGMA wal_autocheckpoint, in pages (default 1000). */
  walAutocheckpointPages?: number;
  /** Injected clock for created_at (default Date.now). */
  now?: () => number;
}

interface LinkRow {
  id: number;
  code: string;
  url: string;
  createdAt: number;
  clicks: number;
}

export class SqliteLinkStore implements LinkStore {
  readonly stats: StoreStats = newStoreStats();
  readonly db: Db;
  private readonly codeKey: number;
  private readonly busyTimeoutMs: number;
  private readonly now: () => number;
  private readonly selectByCode: Statement<[string], LinkRow>;
  private readonly incrementClicks: Statement<[number]>;
  private readonly deleteByCode: Statement<[string]>;
  private readonly insertWithId: Statement<[number, string, string, number]>;
  private readonly insertCustom: Statement<[string, string, number]>;
  private readonly selectSequence: Statement<[], number>;
  private readonly createGenerated: (url: string) => Link;

  constructor(dbPath: string, options: SqliteLinkStoreOptions = {}) {
    const { codeKey = DEFAULT_CODE_KEY, busyTimeoutMs = 5000, walAutocheckpointPages, now = Date.now } = options;
    this.codeKey = codeKey;
    this.busyTimeoutMs = busyTimeoutMs;
    this.now = now;
    const db = openDatabase(dbPath, { codeKey, setupBusyTimeoutMs: busyTimeoutMs, walAutocheckpointPages });
    this.db = db;
    this.selectByCode = db.prepare<[string], LinkRow>(
      'SELECT id, code, url, created_at AS createdAt, clicks FROM links WHERE code = ?',
    );
    this.incrementClicks = db.prepare<[number]>('UPDATE links SET clicks = clicks + 1 WHERE id = ?');
    this.deleteByCode = db.prepare<[string]>('DELETE FROM links WHERE code = ?');
    this.insertWithId = db.prepare<[number, string, string, number]>(
      'INSERT INTO links(id, code, url, created_at) VALUES (?, ?, ?, ?)',
    );
    this.insertCustom = db.prepare<[string, string, number]>(
      'INSERT INTO links(code, url, created_at) VALUES (?, ?, ?)',
    );
    this.selectSequence = db.prepare<[], number>("SELECT seq FROM sqlite_sequence WHERE name = 'links'").pluck();
    const tx = db.transaction((url: string): Link => {
      const id = (this.selectSequence.get() ?? 0) + 1;
      if (id > MAX_ID) throw new Error(`id space exhausted: next id ${id} is above ${MAX_ID}`);
      const code = encodeId(id, this.codeKey);
      const createdAt = this.now();
      this.insertWithId.run(id, code, url, createdAt);
      return { id, code, url, createdAt, clicks: 0 };
    });
    this.createGenerated = (url) => tx.immediate(url);
  }

  getByCode(code: string): Link | undefined {
    this.stats.getByCode++;
    try {
      return this.selectByCode.get(code);
    } catch (err) {
      return retryBusy(err, () => this.selectByCode.get(code), this.stats, this.busyTimeoutMs);
    }
  }

  recordClick(id: number): void {
    this.stats.recordClick++;
    try {
      this.incrementClicks.run(id);
    } catch (err) {
      retryBusy(err, () => this.incrementClicks.run(id), this.stats, this.busyTimeoutMs);
    }
  }

  delete(code: string): boolean {
    this.stats.delete++;
    let changes: number;
    try {
      changes = this.deleteByCode.run(code).changes;
    } catch (err) {
      changes = retryBusy(err, () => this.deleteByCode.run(code).changes, this.stats, this.busyTimeoutMs);
    }
    return changes > 0;
  }

  create(url: string, customCode?: string): Link {
    if (customCode === undefined) {
      this.stats.create++;
      try {
        return this.createGenerated(url);
      } catch (err) {
        return retryBusy(err, () => this.createGenerated(url), this.stats, this.busyTimeoutMs);
      }
    }
    checkCustomCode(customCode);
    this.stats.create++;
    const insert = (): Link => {
      const createdAt = this.now();
      const id = Number(this.insertCustom.run(customCode, url, createdAt).lastInsertRowid);
      return { id, code: customCode, url, createdAt, clicks: 0 };
    };
    try {
      try {
        return insert();
      } catch (err) {
        return retryBusy(err, insert, this.stats, this.busyTimeoutMs);
      }
    } catch (err) {
      if ((err as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new CodeTakenError(customCode);
      throw err;
    }
  }

  isOpen(): boolean {
    return this.db.open;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/**
 * The store's own rule for custom codes: the charset/length rule, and never the shape of a generated code
 * (7 base62 characters), so a custom code can never take a code a future id will be given.
 */
export function checkCustomCode(code: string): void {
  if (!isValidCode(code)) throw new InvalidCodeError('code must be 3 to 32 characters of A-Z, a-z, 0-9, "_" or "-"');
  if (hasGeneratedShape(code)) {
    throw new InvalidCodeError('code must not be 7 letters/digits: that shape is reserved for generated codes (use another length, or add "-" or "_")');
  }
}
