// Clicks stored in a stage's SQLite file(s): the "recorded" side of the click ledger (harness/bench/click-ledger.ts),
// read once every process has stopped.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/** Sum of `links.clicks` over the files (one SQLite file, or every shard file of a folder). */
export function sqliteClickTotal(files: readonly string[]): number {
  let total = 0;
  for (const f of files) {
    // Read-write open: it replays a WAL left behind by a SIGKILLed writer instead of refusing it.
    const db = new Database(f, { timeout: 5000 });
    try {
      total += (db.prepare('SELECT COALESCE(SUM(clicks), 0) AS n FROM links').get() as { n: number }).n;
    } finally {
      db.close();
    }
  }
  return total;
}

/** The shard files of a sharded store's folder (not the id-sequence file). */
export function shardFilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((n) => /^shard-\d+\.sqlite$/.test(n))
    .sort()
    .map((n) => join(dir, n));
}
