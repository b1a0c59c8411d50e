// One bounded postgres.js pool (primary or a replica) with the counters /metrics needs: queries, waits, latency.
// A "wait" is a query issued while every connection of the pool already had one in flight (it queues behind another).
import postgres from 'postgres';
import { afterHop } from '../hops/emulated-hop.ts';
import { StoreUnavailableError } from './link-store.ts';

/** Socket errors and server states that mean "not reachable now", not "bad query": answered 503. */
const UNAVAILABLE = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down, recovery)
  '53300', // too_many_connections
]);

/** The error a query failed with, as the store reports it: StoreUnavailableError when the server is out of reach. */
export function classifyPgError(label: string, err: unknown): unknown {
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && UNAVAILABLE.has(code)) {
    return new StoreUnavailableError(`${label}: ${code} (${err instanceof Error ? err.message : String(err)})`, { cause: err });
  }
  return err;
}

export interface PgPoolOptions {
  /** Connections at most (default 10). */
  max?: number;
  /** Seconds to wait for a connection to open (default 10). */
  connectTimeoutS?: number;
  /** Emulated network hop added to each query's round trip, ms (a timer, no CPU; default 0: none). */
  hopMs?: number;
}

export class PgPool {
  readonly sql: postgres.Sql;
  readonly max: number;
  readonly hopMs: number;
  /** Queries issued through this pool, by kind. */
  reads = 0;
  writes = 0;
  /** Queries issued while all `max` connections were busy. */
  waits = 0;
  /** Sum of query round trips seen by the app (queueing included), ms. */
  busyMs = 0;
  /** Queries in flight now, and the most at once since start. */
  inFlight = 0;
  peakInFlight = 0;

  constructor(
    readonly label: string,
    url: string,
    o: PgPoolOptions = {},
  ) {
    this.max = o.max ?? 10;
    this.hopMs = o.hopMs ?? 0;
    // prepare: true (the default) makes every tagged query a named prepared statement, parsed once per connection.
    this.sql = postgres(url, { max: this.max, prepare: true, connect_timeout: o.connectTimeoutS ?? 10, idle_timeout: 0, onnotice: () => {} });
  }

  /** Queries issued through this pool. */
  get queries(): number {
    return this.reads + this.writes;
  }

  /** Runs one query through the pool and counts it as a read or a write. */
  async run<T>(kind: 'read' | 'write', query: (sql: postgres.Sql) => Promise<T>): Promise<T> {
    if (this.inFlight >= this.max) this.waits++;
    if (kind === 'read') this.reads++;
    else this.writes++;
    this.inFlight++;
    if (this.inFlight > this.peakInFlight) this.peakInFlight = this.inFlight;
    const t0 = performance.now();
    try {
      return await afterHop(query(this.sql), this.hopMs);
    } catch (err) {
      throw classifyPgError(this.label, err);
    } finally {
      this.inFlight--;
      this.busyMs += performance.now() - t0;
    }
  }

  end(): Promise<void> {
    return this.sql.end({ timeout: 5 });
  }
}

/** The per-server pool families of /metrics (waits, queries, round-trip seconds, size, peak in flight), one line each. */
export function poolMetricsLines(pools: readonly PgPool[]): string[] {
  const out: string[] = [];
  const family = (name: string, type: string, help: string, value: (p: PgPool) => number) => {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const p of pools) out.push(`${name}{server="${p.label}"} ${value(p)}`);
  };
  family('scaleladder_pg_pool_waits_total', 'counter', 'Queries issued while every connection of the pool was busy (queued behind another), by server.', (p) => p.waits);
  family('scaleladder_pg_pool_queries_total', 'counter', 'Queries issued through each pool, by server.', (p) => p.queries);
  family('scaleladder_pg_query_seconds_total', 'counter', 'Round trips of the queries as the app saw them (pool queueing included), by server.', (p) => p.busyMs / 1000);
  family('scaleladder_pg_pool_size', 'gauge', 'Connections each pool may open.', (p) => p.max);
  family('scaleladder_pg_pool_peak_in_flight', 'gauge', 'Most queries in flight at once on a pool since start.', (p) => p.peakInFlight);
  return out;
}

/** A links row as the stores select it (ids and times as float8: JS numbers). */
export interface PgLinkRow {
  id: number;
  code: string;
  url: string;
  createdAt: number;
  clicks: number;
}

/** SQLSTATE of a unique violation (a custom code that is taken). */
export const UNIQUE_VIOLATION = '23505';
