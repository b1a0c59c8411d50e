// Opens the links database: WAL, synchronous=NORMAL, schema, and a check that the file matches the code key.
// Several app processes may open the same file at once (stage 3), so setup runs in one IMMEDIATE transaction.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { DEFAULT_CODE_KEY, encodeId } from './codegen.ts';

export type Db = Database.Database;

export interface OpenDatabaseOptions {
  /** Key of the code permutation this file's codes were made with (default DEFAULT_CODE_KEY). */
  codeKey?: number;
  /** How long setup may wait for another process's lock, in ms (default 5000). */
  setupBusyTimeoutMs?: number;
  /** Page cache per connection in KiB (default 32768). */
  cacheSizeKiB?: number;
  /** PRAGMA wal_autocheckpoint, in pages (default 1000, SQLite's default). */
  walAutocheckpointPages?: number;
}

/** Thrown when a file was seeded or written with a different code key than the one asked for. */
export class CodeKeyMismatchError extends Error {
  constructor(dbPath: string) {
    super(`${dbPath}: codes in this database were made with a different codeKey; use the key it was seeded with, or a new file`);
    this.name = 'CodeKeyMismatchError';
  }
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS links (
  id         INTEGER PRIMARY KEY AUTOINCREMENT, -- AUTOINCREMENT: an id (so a code) is never reused after a delete
  code       TEXT    NOT NULL,
  url        TEXT    NOT NULL,
  created_at INTEGER NOT NULL,                  -- Unix epoch ms
  clicks     INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX IF NOT EXISTS links_code ON links(code);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
`;

/** Key under which `meta` keeps encodeId(1, key): a fingerprint of the code key, checked on every open. */
const KEY_CHECK = 'code_of_id_1';

/**
 * Open (creating if needed) a links database file. The returned connection has busy_timeout = 0:
 * request paths retry SQLITE_BUSY themselves so the waits are counted (see sqlite-busy.ts).
 */
export function openDatabase(dbPath: string, options: OpenDatabaseOptions = {}): Db {
  const { codeKey = DEFAULT_CODE_KEY, setupBusyTimeoutMs = 5000, cacheSizeKiB = 32768, walAutocheckpointPages = 1000 } = options;
  if (dbPath !== ':memory:') mkdirSync(dirname(dbPath), { recursive: true });
  const db = new Database(dbPath, { timeout: setupBusyTimeoutMs });
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(setupBusyTimeoutMs))}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma(`cache_size = -${Math.max(1024, Math.floor(cacheSizeKiB))}`);
    db.pragma('temp_store = MEMORY');
    db.pragma(`wal_autocheckpoint = ${Math.max(0, Math.floor(walAutocheckpointPages))}`);
    const fingerprint = encodeId(1, codeKey);
    db.transaction(() => {
      db.exec(SCHEMA);
      const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(KEY_CHECK) as { value: string } | undefined;
      if (row === undefined) db.prepare('INSERT INTO meta(key, value) VALUES (?, ?)').run(KEY_CHECK, fingerprint);
      else if (row.value !== fingerprint) throw new CodeKeyMismatchError(dbPath);
    }).immediate();
    db.pragma('busy_timeout = 0');
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
