// Seeds N links across K PostgreSQL shards before the apps boot: ids first..last taken above every block any shard has
// handed out, each code COPYed to its ring shard (all shards at once), then every shard's block sequence moved past
// them. The seeded codes stay encodeId(first..last), as on one server and on the SQLite shards.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import postgres from 'postgres';
import { DEFAULT_CODE_KEY, MAX_ID, encodeId } from '../app/codegen.ts';
import { redactPgUrl } from '../app/pg-schema.ts';
import type { SeedOptions, SeedResult } from '../app/seed-links.ts';
import { DEFAULT_PG_ID_BLOCK, ensurePgShard, handedBlocksEnd, restartBlocksAt } from './pg-id-blocks.ts';
import { DEFAULT_SHARD_VNODES, ShardPlacement, shardName } from './shard-placement.ts';

const ROWS_PER_CHUNK = 4096;

export interface SeedPgShardsOptions extends SeedOptions {
  /** Ring points per shard (default DEFAULT_SHARD_VNODES); the apps must use the same. */
  vnodes?: number;
  /** Ids per block (default 1000); the apps must use the same. */
  idBlockSize?: number;
}

export interface SeedPgShardsResult extends SeedResult {
  /** Links written to each shard, index = shard. */
  perShard: number[];
}

export async function seedPgShards(urls: readonly string[], n: number, options: SeedPgShardsOptions = {}): Promise<SeedPgShardsResult> {
  const { codeKey = DEFAULT_CODE_KEY, urlPrefix = 'https://example.com/', reset = false, createdAt = Date.now(), vnodes = DEFAULT_SHARD_VNODES, idBlockSize = DEFAULT_PG_ID_BLOCK } = options;
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`number of links must be a non-negative integer, got ${n}`);
  if (/[\t\n\r\\]/.test(urlPrefix)) throw new RangeError('urlPrefix must not contain tabs, newlines or backslashes (COPY text format)');
  const started = performance.now();
  const k = urls.length;
  const placement = new ShardPlacement(k, vnodes);
  const sqls = urls.map((u) => postgres(u, { max: 1, onnotice: () => {}, connect_timeout: 10 }));
  try {
    const layout = { shards: k, vnodes, codeKey, blockSize: idBlockSize };
    await Promise.all(
      sqls.map(async (sql, i) => {
        if (reset) await sql.unsafe('DROP TABLE IF EXISTS links; DROP SEQUENCE IF EXISTS links_id_seq; DROP SEQUENCE IF EXISTS id_blocks_seq; DROP TABLE IF EXISTS meta;');
        await ensurePgShard(sql, { ...layout, index: i }, `${shardName(i)} (${redactPgUrl(urls[i])})`);
      }),
    );
    // Above every block any shard handed out, and above every id stored (a custom link's id is from a block too).
    const tops = await Promise.all(
      sqls.map(async (sql) => Math.max((await handedBlocksEnd(sql, k)) * idBlockSize, (await sql<{ m: number }[]>`SELECT COALESCE(max(id), 0)::float8 AS m FROM links`)[0].m)),
    );
    const first = Math.max(...tops) + 1;
    const last = first + n - 1;
    if (last > MAX_ID) throw new RangeError(`cannot seed ${n} links from id ${first}: ids above ${MAX_ID} have no code`);
    const shardOf = new Uint16Array(n);
    const perShard = new Array<number>(k).fill(0);
    for (let i = 0; i < n; i++) {
      const s = placement.shardOf(encodeId(first + i, codeKey));
      shardOf[i] = s;
      perShard[s]++;
    }
    const nextBlock = Math.ceil(last / idBlockSize);
    await Promise.all(
      sqls.map(async (sql, s) => {
        if (perShard[s] > 0) {
          await sql.begin(async (tx) => {
            await tx`LOCK TABLE links IN EXCLUSIVE MODE`;
            const [{ empty }] = await tx<{ empty: boolean }[]>`SELECT NOT EXISTS (SELECT 1 FROM links) AS empty`;
            // On an empty table, building the unique index once after the load is far faster than maintaining it.
            if (empty) await tx`DROP INDEX IF EXISTS links_code`;
            const copy = await tx`COPY links (id, code, url, created_at) FROM STDIN`.writable();
            await pipeline(Readable.from(rows(first, n, s, shardOf, codeKey, urlPrefix, createdAt)), copy);
            if (empty) await tx`CREATE UNIQUE INDEX IF NOT EXISTS links_code ON links(code)`;
          });
          await sql`ANALYZE links`;
        }
        await restartBlocksAt(sql, nextBlock, s, k);
      }),
    );
    return { first, last, perShard, ms: performance.now() - started };
  } finally {
    await Promise.all(sqls.map((sql) => sql.end({ timeout: 5 })));
  }
}

function* rows(first: number, n: number, shard: number, shardOf: Uint16Array, codeKey: number, urlPrefix: string, createdAt: number): Generator<string> {
  let chunk = '';
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (shardOf[i] !== shard) continue;
    const id = first + i;
    chunk += `${id}\t${encodeId(id, codeKey)}\t${urlPrefix}${id}\t${createdAt}\n`;
    if (++count === ROWS_PER_CHUNK) {
      yield chunk;
      chunk = '';
      count = 0;
    }
  }
  if (chunk !== '') yield chunk;
}
