// LinkStore over K PostgreSQL servers: each code lives on the server its consistent-hash ring picks (the SQLite shards'
// ring, shard-placement.ts), each server has its own bounded pool of prepared statements, and ids come from per-process
// blocks of the shards' own block sequences (pg-id-blocks.ts), so codes stay unique over every shard and process.
import type { ClickBatchWriter, ClickEntry } from '../analytics/click-batch.ts';
import { commitPgClicks } from '../analytics/pg-click-writer.ts';
import { DEFAULT_CODE_KEY, encodeId } from '../app/codegen.ts';
import { CodeTakenError, newStoreStats, type Link, type LinkStore, type StoreStats } from '../app/link-store.ts';
import { PgPool, poolMetricsLines, UNIQUE_VIOLATION, type PgLinkRow as Row } from '../app/pg-pool.ts';
import { redactPgUrl } from '../app/pg-schema.ts';
import { checkCustomCode } from '../app/sqlite-link-store.ts';
import { DEFAULT_PG_ID_BLOCK, PgIdBlocks, ensurePgShard } from './pg-id-blocks.ts';
import type { ShardCounters } from './sharded-link-store.ts';
import { shardMetricsText } from './shard-metrics.ts';
import { DEFAULT_SHARD_VNODES, ShardPlacement, shardName } from './shard-placement.ts';

export interface PgShardedLinkStoreOptions {
  /** One primary per shard, index = shard (the ring's order: the same list, in the same order, in every app). */
  urls: readonly string[];
  /** Connections per shard server (default 10). */
  pool?: number;
  /** Code permutation key (default DEFAULT_CODE_KEY); must match the key the shards were seeded with. */
  codeKey?: number;
  /** Ring points per shard (default DEFAULT_SHARD_VNODES); must match the shards' layout. */
  vnodes?: number;
  /** Ids per block (default 1000); must match the shards' layout. */
  idBlockSize?: number;
  /** Emulated network hop added to each query's round trip, ms (default 0: none). */
  hopMs?: number;
  /** Injected clock for created_at (default Date.now). */
  now?: () => number;
}


class PgShard {
  readonly counters: ShardCounters = { reads: 0, writes: 0, transactions: 0 };
  constructor(
    readonly index: number,
    readonly pool: PgPool,
  ) {}
}

export class PgShardedLinkStore implements LinkStore {
  readonly stats: StoreStats = newStoreStats();
  readonly placement: ShardPlacement;
  readonly ids: PgIdBlocks;
  readonly #shards: PgShard[];
  readonly #codeKey: number;
  readonly #now: () => number;
  #closing: Promise<void> | undefined;

  private constructor(o: PgShardedLinkStoreOptions) {
    const { pool = 10, codeKey = DEFAULT_CODE_KEY, vnodes = DEFAULT_SHARD_VNODES, idBlockSize = DEFAULT_PG_ID_BLOCK, now = Date.now } = o;
    this.placement = new ShardPlacement(o.urls.length, vnodes);
    this.#codeKey = codeKey;
    this.#now = now;
    this.#shards = o.urls.map((u, i) => new PgShard(i, new PgPool(shardName(i), u, { max: pool, hopMs: o.hopMs })));
    this.ids = new PgIdBlocks(this.k, (i) => this.#takeBlock(i), idBlockSize);
  }

  /** Connects to every shard and creates (or checks) its schema, block sequence and layout. */
  static async open(o: PgShardedLinkStoreOptions): Promise<PgShardedLinkStore> {
    if (o.urls.length < 1) throw new RangeError('a sharded PostgreSQL store needs at least one shard URL');
    const store = new PgShardedLinkStore(o);
    try {
      const layout = { shards: store.k, vnodes: store.placement.vnodes, codeKey: store.#codeKey, blockSize: store.ids.blockSize };
      await Promise.all(store.#shards.map((s, i) => ensurePgShard(s.pool.sql, { ...layout, index: i }, `${shardName(i)} (${redactPgUrl(o.urls[i])})`)));
    } catch (err) {
      await store.close();
      throw err;
    }
    return store;
  }

  get k(): number {
    return this.placement.k;
  }

  shardOf(code: string): number {
    return this.placement.shardOf(code);
  }

  /** This process's statement counters per shard, index = shard. */
  shardCounters(): ShardCounters[] {
    return this.#shards.map((s) => ({ ...s.counters }));
  }

  getByCode(code: string): Promise<Link | undefined> {
    const s = this.#shards[this.shardOf(code)];
    this.stats.getByCode++;
    s.counters.reads++;
    return s.pool.run('read', async (sql) => {
      const rows = await sql<Row[]>`SELECT id::float8 AS id, code, url, created_at::float8 AS "createdAt", clicks::float8 AS clicks FROM links WHERE code = ${code}`;
      return rows.length === 0 ? undefined : { ...rows[0] };
    });
  }

  async recordClick(id: number, code?: string): Promise<void> {
    this.stats.recordClick++;
    const home = this.shardOf(code ?? encodeId(id, this.#codeKey));
    if ((await this.#increment(this.#shards[home], id)) > 0 || code !== undefined) return;
    // No code given and not on its id's shard: a custom-code link. Rare; look on the others.
    for (const s of this.#shards) if (s.index !== home && (await this.#increment(s, id)) > 0) return;
  }

  /** Write-behind batches: grouped by shard, one multi-row UPDATE per shard server, all sent at once; a failed shard's entries come back. */
  clickWriter(): ClickBatchWriter {
    return {
      write: async (entries) => {
        const byShard: ClickEntry[][] = this.#shards.map(() => []);
        for (const e of entries) byShard[this.shardOf(e.code)].push(e);
        const settled = await Promise.allSettled(
          byShard.map(async (batch, i) => {
            if (batch.length === 0) return 0;
            const s = this.#shards[i];
            const written = await commitPgClicks(s.pool, this.stats, batch);
            s.counters.writes += batch.length;
            s.counters.transactions++;
            return written;
          }),
        );
        let written = 0;
        const failed: ClickEntry[] = [];
        let error: unknown;
        for (const [i, r] of settled.entries()) {
          if (r.status === 'fulfilled') written += r.value;
          else {
            failed.push(...byShard[i]);
            error ??= r.reason;
          }
        }
        return { written, failed, ...(error !== undefined ? { error } : {}) };
      },
    };
  }

  async delete(code: string): Promise<boolean> {
    const s = this.#shards[this.shardOf(code)];
    this.stats.delete++;
    s.counters.writes++;
    s.counters.transactions++;
    const r = await s.pool.run('write', (sql) => sql`DELETE FROM links WHERE code = ${code}`);
    return r.count > 0;
  }

  async create(url: string, customCode?: string): Promise<Link> {
    if (customCode !== undefined) checkCustomCode(customCode);
    this.stats.create++;
    // Custom links take an id too (from the same blocks), so ids stay unique over every shard.
    const next = this.ids.next();
    const id = typeof next === 'number' ? next : await next;
    const code = customCode ?? encodeId(id, this.#codeKey);
    const s = this.#shards[this.shardOf(code)];
    const createdAt = this.#now();
    s.counters.writes++;
    s.counters.transactions++;
    if (customCode === undefined) {
      await s.pool.run('write', (sql) => sql`INSERT INTO links(id, code, url, created_at) VALUES (${id}, ${code}, ${url}, ${createdAt})`);
      return { id, code, url, createdAt, clicks: 0 };
    }
    try {
      const rows = await s.pool.run('write', (sql) => sql`INSERT INTO links(id, code, url, created_at) VALUES (${id}, ${code}, ${url}, ${createdAt}) ON CONFLICT (code) DO NOTHING RETURNING id`);
      if (rows.length === 0) throw new CodeTakenError(customCode);
    } catch (err) {
      if ((err as { code?: unknown }).code === UNIQUE_VIOLATION) throw new CodeTakenError(customCode);
      throw err;
    }
    return { id, code, url, createdAt, clicks: 0 };
  }

  isOpen(): boolean {
    return this.#closing === undefined;
  }

  close(): Promise<void> {
    this.#closing ??= Promise.all(this.#shards.map((s) => s.pool.end().catch(() => undefined))).then(() => undefined);
    return this.#closing;
  }

  /**
   * The shard families (as the SQLite shards: queries and write transactions per shard, blocks taken) and the
   * PostgreSQL ones the harness reads on every backend: every shard is a primary, so reads and writes are primary's.
   */
  metricsText(): string {
    const out: string[] = [];
    const family = (name: string, type: string, help: string) => out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    const pools = this.#shards.map((s) => s.pool);
    const sum = (f: (p: PgPool) => number) => pools.reduce((n, p) => n + f(p), 0);
    family('scaleladder_pg_queries_total', 'counter', 'PostgreSQL statements the app issued, by server kind (primary, replica) and kind (read, write); every shard is a primary.');
    out.push(`scaleladder_pg_queries_total{target="primary",kind="read"} ${sum((p) => p.reads)}`);
    out.push(`scaleladder_pg_queries_total{target="replica",kind="read"} 0`);
    out.push(`scaleladder_pg_queries_total{target="primary",kind="write"} ${sum((p) => p.writes)}`);
    family('scaleladder_pg_write_ops_total', 'counter', 'Write operations (create, click, delete) sent to the shards.');
    out.push(`scaleladder_pg_write_ops_total ${this.stats.create + this.stats.recordClick + this.stats.delete}`);
    out.push(...poolMetricsLines(pools));
    return shardMetricsText(this, 'PostgreSQL servers') + out.join('\n') + '\n';
  }

  async #takeBlock(i: number): Promise<number> {
    // Counted as a write of that server's pool, not as a link write of the shard (as the SQLite shards' sequence file).
    const s = this.#shards[i];
    const [{ b }] = await s.pool.run('write', (sql) => sql<{ b: number }[]>`SELECT nextval('id_blocks_seq')::float8 AS b`);
    return b;
  }

  async #increment(s: PgShard, id: number): Promise<number> {
    s.counters.writes++;
    s.counters.transactions++;
    const r = await s.pool.run('write', (sql) => sql`UPDATE links SET clicks = clicks + 1 WHERE id = ${id}`);
    return r.count;
  }
}
