// Seeds N links across K shard files before the apps boot: ids reserved in one block, each code on its ring shard,
// one transaction and multi-row inserts per shard (as seedLinks does for one file). Codes stay encodeId(first..last).
import { mkdirSync } from 'node:fs';
import { DEFAULT_CODE_KEY, encodeId } from '../app/codegen.ts';
import { newStoreStats } from '../app/link-store.ts';
import { openDatabase } from '../app/sqlite-db.ts';
import { IdBlocks, openSequence } from './id-blocks.ts';
import { removeShardFiles, sequenceFile, shardFile } from './shard-files.ts';
import { DEFAULT_SHARD_VNODES, ShardPlacement } from './shard-placement.ts';

export interface SeedShardsOptions {
  /** Code permutation key (default DEFAULT_CODE_KEY); the apps must use the same key. */
  codeKey?: number;
  /** Link i gets the url `${urlPrefix}${i}` (default 'https://example.com/'). */
  urlPrefix?: string;
  /** Delete the folder's shard and sequence files first, so ids start at 1 (default false: append after the last id). */
  reset?: boolean;
  /** created_at of every seeded link, epoch ms (default Date.now()). */
  createdAt?: number;
  /** Ring points per shard (default 160); the apps must use the same. */
  vnodes?: number;
}

export interface SeedShardsResult {
  /** First seeded id (1 on a fresh folder). */
  first: number;
  /** Last seeded id; the seeded codes are encodeId(first..last). */
  last: number;
  /** Links written to each shard, index = shard. */
  perShard: number[];
  /** Wall time of the whole seed, ms. */
  ms: number;
}

const ROWS_PER_INSERT = 64;

export function seedShards(dir: string, k: number, n: number, options: SeedShardsOptions = {}): SeedShardsResult {
  const { codeKey = DEFAULT_CODE_KEY, urlPrefix = 'https://example.com/', reset = false, createdAt = Date.now(), vnodes = DEFAULT_SHARD_VNODES } = options;
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`number of links must be a non-negative integer, got ${n}`);
  const started = performance.now();
  mkdirSync(dir, { recursive: true });
  if (reset) removeShardFiles(dir);
  const placement = new ShardPlacement(k, vnodes);
  const seq = openSequence(sequenceFile(dir), { shards: k, vnodes, codeKey });
  let first: number;
  try {
    first = n === 0 ? 1 : new IdBlocks(seq, { stats: newStoreStats() }).reserve(n);
  } finally {
    seq.close();
  }
  const last = first + n - 1;
  // Place every code once; then each shard takes its ids in increasing order (a B-tree's fastest insert order).
  const codes = new Array<string>(n);
  const shardOfIdx = new Uint16Array(n);
  const perShard = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) {
    const code = encodeId(first + i, codeKey);
    codes[i] = code;
    const s = placement.shardOf(code);
    shardOfIdx[i] = s;
    perShard[s]++;
  }
  for (let s = 0; s < k; s++) {
    const db = openDatabase(shardFile(dir, s), { codeKey, cacheSizeKiB: 262144 });
    try {
      db.pragma('busy_timeout = 5000');
      const empty = db.prepare('SELECT 1 FROM links LIMIT 1').get() === undefined;
      const many = db.prepare(`INSERT INTO links(id, code, url, created_at) VALUES ${Array(ROWS_PER_INSERT).fill('(?, ?, ?, ?)').join(', ')}`);
      const one = db.prepare('INSERT INTO links(id, code, url, created_at) VALUES (?, ?, ?, ?)');
      const params: unknown[] = new Array(ROWS_PER_INSERT * 4);
      db.transaction(() => {
        // On an empty table, building the unique index once after the inserts is far faster than maintaining it.
        if (empty) db.exec('DROP INDEX IF EXISTS links_code');
        let filled = 0;
        for (let i = 0; i < n; i++) {
          if (shardOfIdx[i] !== s) continue;
          const id = first + i;
          params[filled * 4] = id;
          params[filled * 4 + 1] = codes[i];
          params[filled * 4 + 2] = urlPrefix + id;
          params[filled * 4 + 3] = createdAt;
          if (++filled === ROWS_PER_INSERT) {
            many.run(params);
            filled = 0;
          }
        }
        for (let j = 0; j < filled; j++) one.run(params[j * 4], params[j * 4 + 1], params[j * 4 + 2], params[j * 4 + 3]);
        if (empty) db.exec('CREATE UNIQUE INDEX IF NOT EXISTS links_code ON links(code)');
      }).immediate();
      db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      db.close();
    }
  }
  return { first, last, perShard, ms: performance.now() - started };
}
