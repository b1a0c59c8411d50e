// LinkStore on PostgreSQL: writes on the primary, lookups round-robin on the read replicas (or the primary when there
// are none), prepared statements through one bounded pool per server. Codes come from the same Feistel/base62 codegen
// over ids from links_id_seq, so both backends hand out the same codes in the same order.
import type { ClickBatchWriter } from '../analytics/click-batch.ts';
import { pgClickWriter } from '../analytics/pg-click-writer.ts';
import { DEFAULT_CODE_KEY, MAX_ID, decodeCode, encodeId } from './codegen.ts';
import { AgeWatermark } from './pg-age-watermark.ts';
import { CodeTakenError, newStoreStats, type Link, type LinkStore, type StoreStats } from './link-store.ts';
import { PgPool, poolMetricsLines, UNIQUE_VIOLATION, type PgLinkRow as Row } from './pg-pool.ts';
import { ensurePgSchema, redactPgUrl } from './pg-schema.ts';
import type { ReadYourWrites } from './read-your-writes.ts';
import { checkCustomCode } from './sqlite-link-store.ts';

export interface PostgresLinkStoreOptions {
  /** The primary, e.g. postgres://postgres@127.0.0.1:5432/postgres. */
  url: string;
  /** Streaming replicas lookups go to, round-robin (default none: lookups on the primary). */
  replicaUrls?: readonly string[];
  /** Connections per server (primary, and each replica) (default 10). */
  pool?: number;
  /** Code permutation key (default DEFAULT_CODE_KEY); must match the key the database was seeded with. */
  codeKey?: number;
  /** Replica-miss policy, see read-your-writes.ts (default 'measure'). */
  readYourWrites?: ReadYourWrites;
  /** Injected clock for created_at (default Date.now). */
  now?: () => number;
  /** Emulated network hop added to each query's round trip, ms (default 0: none). */
  hopMs?: number;
  /** How long open() waits for each replica to have replayed the schema, ms (default 15000). */
  replicaWaitMs?: number;
  /** 'fix-age': the lowest lag bound, ms (the configured replica delay; default 0: the measured replay lag only). */
  lagBoundMs?: number;
}

/** Counters of the PostgreSQL backend, beside the StoreStats both backends keep. */
export interface PgStats {
  /** Lookups that found no row on a replica. */
  replicaMisses: number;
  /** Replica misses the primary had a row for: 404s served because of replica lag ('measure' mode counts them). */
  staleReplica404s: number;
  /** 'fix' mode: primary reads after a replica miss (what the fix costs), and how many of them found the link. */
  fallbacks: number;
  fallbackHits: number;
  /** 'fix-age': lookups sent to the primary because the code was younger than the lag bound (what the age fix costs). */
  youngPrimaryReads: number;
}


async function waitForSchema(replica: PgPool, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // 3D000: the database itself has not reached the replica yet.
    const ok = await replica.sql<{ ok: boolean }[]>`SELECT to_regclass('links') IS NOT NULL AS ok`.then(
      (rows) => rows[0].ok,
      (err: { code?: string }) => {
        if (err.code === '3D000') return false;
        throw err;
      },
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${replica.label}: no links table after ${timeoutMs} ms: is it a replica of this primary, and streaming?`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export class PostgresLinkStore implements LinkStore {
  readonly stats: StoreStats = newStoreStats();
  readonly pg: PgStats = { replicaMisses: 0, staleReplica404s: 0, fallbacks: 0, fallbackHits: 0, youngPrimaryReads: 0 };
  readonly primary: PgPool;
  readonly replicas: readonly PgPool[];
  readonly readYourWrites: ReadYourWrites;
  /** 'fix-age' with replicas: which codes are younger than the lag bound. */
  readonly age: AgeWatermark | undefined;
  private readonly codeKey: number;
  private readonly now: () => number;
  private next = 0;
  private closing: Promise<void> | undefined;

  private constructor(o: PostgresLinkStoreOptions) {
    const { pool = 10, codeKey = DEFAULT_CODE_KEY, readYourWrites = 'measure', now = Date.now } = o;
    this.primary = new PgPool('primary', o.url, { max: pool, hopMs: o.hopMs });
    this.replicas = (o.replicaUrls ?? []).map((u, i) => new PgPool(`replica-${i + 1}`, u, { max: pool, hopMs: o.hopMs }));
    this.readYourWrites = readYourWrites;
    this.age = readYourWrites === 'fix-age' && this.replicas.length > 0 ? new AgeWatermark({ floorMs: o.lagBoundMs }) : undefined;
    this.codeKey = codeKey;
    this.now = now;
  }

  /** Connects, creates the schema if needed, checks the code key, and warms one connection per replica. */
  static async open(o: PostgresLinkStoreOptions): Promise<PostgresLinkStore> {
    const store = new PostgresLinkStore(o);
    try {
      await ensurePgSchema(store.primary.sql, store.codeKey, redactPgUrl(o.url));
      // A replica that cannot be reached fails the start, not the first request; one that has not replayed the
      // schema yet (it was just created on the primary) is waited for, up to replicaWaitMs.
      await Promise.all(store.replicas.map((r) => waitForSchema(r, o.replicaWaitMs ?? 15_000)));
      await store.age?.start(store.primary.sql);
    } catch (err) {
      await store.close();
      throw err;
    }
    return store;
  }

  getByCode(code: string): Promise<Link | undefined> {
    this.stats.getByCode++;
    if (this.replicas.length === 0) return this.select(this.primary, code);
    if (this.age !== undefined) {
      const id = decodeCode(code, this.codeKey);
      if (id !== null && this.age.isYoung(id)) {
        this.pg.youngPrimaryReads++;
        return this.select(this.primary, code);
      }
    }
    const replica = this.replicas[this.next];
    this.next = (this.next + 1) % this.replicas.length;
    return this.select(replica, code).then((link) => (link !== undefined ? link : this.onReplicaMiss(code)));
  }

  private onReplicaMiss(code: string): Link | undefined | Promise<Link | undefined> {
    this.pg.replicaMisses++;
    if (this.readYourWrites === 'off') return undefined;
    // 'fix-age': an old generated code missing on a replica is measured (the bound was too short); a custom code has no age.
    if (this.readYourWrites === 'measure' || (this.readYourWrites === 'fix-age' && decodeCode(code, this.codeKey) !== null)) {
      this.select(this.primary, code).then(
        (link) => {
          if (link !== undefined) this.pg.staleReplica404s++;
        },
        () => undefined, // a failed check only loses one count
      );
      return undefined;
    }
    this.pg.fallbacks++;
    return this.select(this.primary, code).then((link) => {
      if (link !== undefined) this.pg.fallbackHits++;
      return link;
    });
  }

  private select(pool: PgPool, code: string): Promise<Link | undefined> {
    return pool.run('read', async (sql) => {
      const rows = await sql<Row[]>`SELECT id::float8 AS id, code, url, created_at::float8 AS "createdAt", clicks::float8 AS clicks FROM links WHERE code = ${code}`;
      return rows.length === 0 ? undefined : { ...rows[0] };
    });
  }

  /** Write-behind: each flush is one multi-row UPDATE on the primary (replicas get it by streaming). */
  clickWriter(): ClickBatchWriter {
    return pgClickWriter(this.primary, this.stats);
  }

  async recordClick(id: number): Promise<void> {
    this.stats.recordClick++;
    await this.primary.run('write', (sql) => sql`UPDATE links SET clicks = clicks + 1 WHERE id = ${id}`);
  }

  async delete(code: string): Promise<boolean> {
    this.stats.delete++;
    const r = await this.primary.run('write', (sql) => sql`DELETE FROM links WHERE code = ${code}`);
    return r.count > 0;
  }

  async create(url: string, customCode?: string): Promise<Link> {
    if (customCode !== undefined) checkCustomCode(customCode);
    this.stats.create++;
    const createdAt = this.now();
    if (customCode === undefined) {
      // Two statements, no transaction needed: nextval never hands an id out twice (it is not rolled back either).
      const [{ id }] = await this.primary.run('write', (sql) => sql<{ id: number }[]>`SELECT nextval('links_id_seq')::float8 AS id`);
      if (id > MAX_ID) throw new Error(`id space exhausted: next id ${id} is above ${MAX_ID}`);
      const code = encodeId(id, this.codeKey);
      await this.primary.run('write', (sql) => sql`INSERT INTO links(id, code, url, created_at) VALUES (${id}, ${code}, ${url}, ${createdAt})`);
      return { id, code, url, createdAt, clicks: 0 };
    }
    try {
      // NOT EXISTS first, so a taken code does not burn an id (as on SQLite, where the failed insert rolls back);
      // a race between two apps still ends in the unique index and a 409.
      const rows = await this.primary.run(
        'write',
        (sql) => sql<{ id: number }[]>`INSERT INTO links(code, url, created_at) SELECT ${customCode}, ${url}, ${createdAt}
          WHERE NOT EXISTS (SELECT 1 FROM links WHERE code = ${customCode}) RETURNING id::float8 AS id`,
      );
      if (rows.length === 0) throw new CodeTakenError(customCode);
      return { id: rows[0].id, code: customCode, url, createdAt, clicks: 0 };
    } catch (err) {
      if ((err as { code?: unknown }).code === UNIQUE_VIOLATION) throw new CodeTakenError(customCode);
      throw err;
    }
  }

  isOpen(): boolean {
    return this.closing === undefined;
  }

  close(): Promise<void> {
    this.age?.stop();
    this.closing ??= Promise.all([this.primary, ...this.replicas].map((p) => p.end().catch(() => undefined))).then(() => undefined);
    return this.closing;
  }

  /** Prometheus families: queries by target and kind, pool waits and latency per server, replica misses. */
  metricsText(): string {
    const out: string[] = [];
    const family = (name: string, type: string, help: string) => out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    const replicaReads = this.replicas.reduce((n, r) => n + r.reads, 0);
    const writes = this.stats.create + this.stats.recordClick + this.stats.delete;
    family('scaleladder_pg_queries_total', 'counter', 'PostgreSQL statements the app issued, by server kind (primary, replica) and kind (read, write).');
    out.push(`scaleladder_pg_queries_total{target="primary",kind="read"} ${this.primary.reads}`);
    out.push(`scaleladder_pg_queries_total{target="replica",kind="read"} ${replicaReads}`);
    // A generated-code create is two statements (nextval, insert): write statements ≥ write operations.
    out.push(`scaleladder_pg_queries_total{target="primary",kind="write"} ${this.primary.writes}`);
    family('scaleladder_pg_write_ops_total', 'counter', 'Write operations (create, click, delete) sent to the primary.');
    out.push(`scaleladder_pg_write_ops_total ${writes}`);
    out.push(...poolMetricsLines([this.primary, ...this.replicas]));
    family('scaleladder_pg_replicas', 'gauge', `Read replicas lookups go to (read-your-writes mode "${this.readYourWrites}").`);
    out.push(`scaleladder_pg_replicas{read_your_writes="${this.readYourWrites}"} ${this.replicas.length}`);
    family('scaleladder_pg_replica_misses_total', 'counter', 'Lookups a replica answered with no row.');
    out.push(`scaleladder_pg_replica_misses_total ${this.pg.replicaMisses}`);
    family('scaleladder_pg_replica_stale_404s_total', 'counter', 'Replica misses the primary had the link for, answered 404 (replica lag; counted in read-your-writes mode "measure").');
    out.push(`scaleladder_pg_replica_stale_404s_total ${this.pg.staleReplica404s}`);
    family('scaleladder_pg_replica_fallbacks_total', 'counter', 'Primary reads after a replica miss (read-your-writes mode "fix": what the fix costs).');
    out.push(`scaleladder_pg_replica_fallbacks_total ${this.pg.fallbacks}`);
    family('scaleladder_pg_replica_fallback_hits_total', 'counter', 'Of those, lookups the primary answered: 404s the fix prevented.');
    out.push(`scaleladder_pg_replica_fallback_hits_total ${this.pg.fallbackHits}`);
    family('scaleladder_pg_young_primary_reads_total', 'counter', 'Lookups sent to the primary because the code was younger than the lag bound (read-your-writes mode "fix-age": what the age fix costs).');
    out.push(`scaleladder_pg_young_primary_reads_total ${this.pg.youngPrimaryReads}`);
    if (this.age !== undefined) {
      family('scaleladder_pg_lag_bound_ms', 'gauge', 'The lag bound now (fix-age): max(configured floor, replay lag measured in the last 10 s) + margin, ms.');
      out.push(`scaleladder_pg_lag_bound_ms ${this.age.boundMs()}`);
      family('scaleladder_pg_age_probes_total', 'counter', 'Watermark samples of the id sequence and replay lag sent to the primary (fix-age: its own fixed cost).');
      out.push(`scaleladder_pg_age_probes_total ${this.age.probes}`);
    }
    return out.join('\n') + '\n';
  }
}
