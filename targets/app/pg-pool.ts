// One bounded postgres.js pool (primary or a replica) with the counters /metrics needs: queries, waits, latency.
// A "wait" is a query issued while every connection of the pool already had one in flight (it queues behind another).
import postgres from 'postgres';

export interface PgPoolOptions {
  /** Connections at most (default 10). */
  max?: number;
  /** Seconds to wait for a connection to open (default 10). */
  connectTimeoutS?: number;
}

export class PgPool {
  readonly sql: postgres.Sql;
  readonly max: number;
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
      return await query(this.sql);
    } finally {
      this.inFlight--;
      this.busyMs += performance.now() - t0;
    }
  }

  end(): Promise<void> {
    return this.sql.end({ timeout: 5 });
  }
}
