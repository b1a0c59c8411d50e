// Seeds N links straight into the database file before the app boots: one transaction, one prepared insert.
// Codes are encodeId(first..last) with the given key, so the harness can compute them without reading the DB.
import { rmSync } from 'node:fs';
import { DEFAULT_CODE_KEY, MAX_ID, encodeId } from './codegen.ts';
import { openDatabase } from './sqlite-db.ts';

export interface SeedOptions {
  /** Code permutation key (default DEFAULT_CODE_KEY); the app must be started with the same key. */
  codeKey?: number;
  /** Link i gets the url `${urlPrefix}${i}` (default 'https://example.com/'). */
  urlPrefix?: string;
  /** Delete the file (and its -wal/-shm) first, so ids start at 1 (default false: append after the last id). */
  reset?: boolean;
  /** created_at of every seeded link, epoch ms (default Date.now()). */
  createdAt?: number;
}

export interface SeedResult {
  /** First seeded id (1 on a fresh file). */
  first: number;
  /** Last seeded id; the seeded codes are encodeId(first..last). */
  last: number;
  /** Wall time of the whole seed, file open to checkpoint, in ms. */
  ms: number;
}

const ROWS_PER_INSERT = 64;

export function seedLinks(dbPath: string, n: number, options: SeedOptions = {}): SeedResult {
  const { codeKey = DEFAULT_CODE_KEY, urlPrefix = 'https://example.com/', reset = false, createdAt = Date.now() } = options;
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`number of links must be a non-negative integer, got ${n}`);
  const started = performance.now();
  if (reset) for (const suffix of ['', '-wal', '-shm']) rmSync(dbPath + suffix, { force: true });
  const db = openDatabase(dbPath, { codeKey, cacheSizeKiB: 262144 });
  try {
    db.pragma('busy_timeout = 5000');
    const seq = (db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'links'").pluck().get() as number | undefined) ?? 0;
    const first = seq + 1;
    const last = seq + n;
    if (last > MAX_ID) throw new RangeError(`cannot seed ${n} links after id ${seq}: ids above ${MAX_ID} have no code`);
    const empty = db.prepare('SELECT 1 FROM links LIMIT 1').get() === undefined;
    const many = db.prepare(
      `INSERT INTO links(id, code, url, created_at) VALUES ${Array(ROWS_PER_INSERT).fill('(?, ?, ?, ?)').join(', ')}`,
    );
    const one = db.prepare('INSERT INTO links(id, code, url, created_at) VALUES (?, ?, ?, ?)');
    const params: unknown[] = new Array(ROWS_PER_INSERT * 4);
    db.transaction(() => {
      // On an empty table, building the unique index once after the inserts is far faster than maintaining it.
      if (empty) db.exec('DROP INDEX IF EXISTS links_code');
      let id = first;
      for (; id + ROWS_PER_INSERT - 1 <= last; id += ROWS_PER_INSERT) {
        for (let j = 0, k = 0; j < ROWS_PER_INSERT; j++) {
          const i = id + j;
          params[k++] = i;
          params[k++] = encodeId(i, codeKey);
          params[k++] = urlPrefix + i;
          params[k++] = createdAt;
        }
        many.run(params);
      }
      for (; id <= last; id++) one.run(id, encodeId(id, codeKey), urlPrefix + id, createdAt);
      if (empty) db.exec('CREATE UNIQUE INDEX IF NOT EXISTS links_code ON links(code)');
    }).immediate();
    db.pragma('wal_checkpoint(TRUNCATE)');
    return { first, last, ms: performance.now() - started };
  } finally {
    db.close();
  }
}
