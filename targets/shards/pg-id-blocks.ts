// Globally unique ids over K PostgreSQL shards without a central sequence: shard i's `id_blocks_seq` hands out block
// numbers i, i+K, i+2K, … (INCREMENT BY K), block b being ids b·B+1 … (b+1)·B. The K sequences never share a block, so
// codes (a permutation of the id) never collide across shards, and no one server is every app's id bottleneck.
// Each app process takes a block from the shards in turn and hands its ids out from memory: one round trip per B creates.
// The trade-offs are the SQLite shards' (id-blocks.ts): ids are unique but not in creation order, and a process that
// stops abandons the rest of its block.
import type postgres from 'postgres';
import { DEFAULT_CODE_KEY, MAX_ID } from '../app/codegen.ts';
import { ensurePgSchema } from '../app/pg-schema.ts';
import { ShardLayoutMismatchError, type ShardLayout } from './id-blocks.ts';

/** Ids per block (the SQLite shards' default). */
export const DEFAULT_PG_ID_BLOCK = 1000;

/** Arbitrary constant: the advisory lock every opener takes while checking a shard's layout. */
const LAYOUT_LOCK = 0x5ca1f;

export interface PgShardLayout extends ShardLayout {
  /** This server's place on the ring (0..shards-1). */
  index: number;
  /** Ids per block (default DEFAULT_PG_ID_BLOCK); every process must use the same. */
  blockSize?: number;
}

/**
 * Creates the links schema, the block sequence (numbers ≡ index mod K) and the layout rows on one shard if missing, or
 * checks them against `layout` (ShardLayoutMismatchError: another K, index, vnode count, block size or code key).
 */
export async function ensurePgShard(sql: postgres.Sql, layout: PgShardLayout, label: string): Promise<void> {
  const { shards, vnodes, index, blockSize = DEFAULT_PG_ID_BLOCK, codeKey = DEFAULT_CODE_KEY } = layout;
  await ensurePgSchema(sql, codeKey, label);
  const want: Record<string, string> = { shards: String(shards), vnodes: String(vnodes), shard_index: String(index), id_block_size: String(blockSize), hash: 'fnv1a32+fmix32' };
  await sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(${LAYOUT_LOCK})`;
    await tx.unsafe(`CREATE SEQUENCE IF NOT EXISTS id_blocks_seq INCREMENT BY ${shards} MINVALUE 0 START WITH ${index}`);
    for (const [key, value] of Object.entries(want)) {
      const rows = await tx<{ value: string }[]>`SELECT value FROM meta WHERE key = ${key}`;
      if (rows.length === 0) await tx`INSERT INTO meta(key, value) VALUES (${key}, ${value})`;
      else if (rows[0].value !== value) {
        throw new ShardLayoutMismatchError(label, key, rows[0].value, value, { made: 'this PostgreSQL shard', fresh: 'fresh shard databases (the same URLs in the same order)' });
      }
    }
  });
}

/**
 * The first block number above every block this shard may have handed out: its last number + 1 once called; before
 * that (fresh, or restarted by a seed), its own number below the start at most.
 */
export async function handedBlocksEnd(sql: postgres.Sql, shards: number): Promise<number> {
  const [r] = await sql<{ v: number; called: boolean }[]>`SELECT last_value::float8 AS v, is_called AS called FROM id_blocks_seq`;
  return r.called ? r.v + 1 : Math.max(0, r.v - shards + 1);
}

/** Moves shard `index`'s sequence to the first block number ≥ `base` that is its own (≡ index mod K). */
export async function restartBlocksAt(sql: postgres.Sql, base: number, index: number, shards: number): Promise<void> {
  const start = base + ((((index - base) % shards) + shards) % shards);
  await sql.unsafe(`ALTER SEQUENCE id_blocks_seq RESTART WITH ${start}`);
}

/** Ids of block `b`: b·B+1 … (b+1)·B. */
export function blockRange(b: number, blockSize: number): { first: number; end: number } {
  const first = b * blockSize + 1;
  const end = first + blockSize; // exclusive
  if (end - 1 > MAX_ID) throw new RangeError(`id space exhausted: block ${b} (ids ${first}..${end - 1}) is above ${MAX_ID}`);
  return { first, end };
}

/** Hands out ids from blocks taken from the shards in turn. Not shared between processes: each has its own. */
export class PgIdBlocks {
  readonly blockSize: number;
  /** Blocks taken by this process (the shard metrics' scaleladder_id_blocks_taken_total). */
  blocksTaken = 0;
  #next = 0;
  #end = 0;
  #turn: number;
  #taking: Promise<void> | undefined;

  /** `take(i)` asks shard i for its next block number (one counted write on that shard). */
  constructor(
    private readonly shards: number,
    private readonly take: (shard: number) => Promise<number>,
    blockSize = DEFAULT_PG_ID_BLOCK,
  ) {
    if (!(Number.isInteger(blockSize) && blockSize >= 1 && blockSize <= 1_000_000)) throw new RangeError(`blockSize must be an integer between 1 and 1000000, got ${blockSize}`);
    this.blockSize = blockSize;
    // Processes start at different shards, so the first blocks of a fleet do not all come from shard 0.
    this.#turn = process.pid % shards;
  }

  /** The next id: from memory, or after one round trip for a new block (concurrent callers share that trip). */
  next(): number | Promise<number> {
    if (this.#next < this.#end) return this.#next++;
    return this.#refill().then(() => this.next());
  }

  #refill(): Promise<void> {
    this.#taking ??= (async () => {
      try {
        const shard = this.#turn;
        this.#turn = (this.#turn + 1) % this.shards;
        const { first, end } = blockRange(await this.take(shard), this.blockSize);
        this.#next = first;
        this.#end = end;
        this.blocksTaken++;
      } finally {
        this.#taking = undefined;
      }
    })();
    return this.#taking;
  }
}
