// Replica lag as the primary sees it (pg_stat_replication: bytes not yet replayed, replay_lag) and as each replica
// sees it (time since the last replayed commit), plus a sampler that turns samples into p50/max per step.
import postgres from 'postgres';

export interface ReplicaLag {
  /** application_name of the replica (the harness names it `<name>-replica-<i>`). */
  name: string;
  state: string;
  /** WAL bytes the primary has written that this replica has not replayed yet. */
  lagBytes: number;
  /** pg_stat_replication.replay_lag in ms: how long the last replayed commit took to become visible there (0 when idle). */
  replayLagMs: number;
}

/** One reading of every replica attached to `primaryUrl` (empty when none streams). */
export async function readReplicaLag(primaryUrl: string): Promise<ReplicaLag[]> {
  const sql = postgres(primaryUrl, { max: 1, onnotice: () => {}, connect_timeout: 5, idle_timeout: 1 });
  try {
    return await queryLag(sql);
  } finally {
    await sql.end({ timeout: 1 });
  }
}

async function queryLag(sql: postgres.Sql): Promise<ReplicaLag[]> {
  const rows = await sql<{ name: string; state: string; lag_bytes: string | null; replay_lag_ms: number | null }[]>`
    SELECT application_name AS name, state,
           pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::text AS lag_bytes,
           (EXTRACT(EPOCH FROM replay_lag) * 1000)::float8 AS replay_lag_ms
      FROM pg_stat_replication ORDER BY application_name`;
  return rows.map((r) => ({ name: r.name, state: r.state, lagBytes: Math.max(0, Number(r.lag_bytes ?? 0)), replayLagMs: Math.max(0, r.replay_lag_ms ?? 0) }));
}

/**
 * On a replica: ms since the last replayed transaction committed on the primary (now() - pg_last_xact_replay_timestamp()).
 * Grows while the primary is idle too, so read it only under write load; null before the first replayed commit.
 */
export async function readReplayAgeMs(replicaUrl: string): Promise<number | null> {
  const sql = postgres(replicaUrl, { max: 1, onnotice: () => {}, connect_timeout: 5, idle_timeout: 1 });
  try {
    const [row] = await sql<{ age_ms: number | null }[]>`SELECT (EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) * 1000)::float8 AS age_ms`;
    return row?.age_ms ?? null;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

export interface LagSummary {
  samples: number;
  /** Over every replica and sample. */
  bytesP50: number;
  bytesMax: number;
  msP50: number;
  msMax: number;
}

export interface LagSampler {
  /** Summary of the samples since start (or the last take), and start a new window. */
  take(): LagSummary;
  /** Stop sampling; returns the summary of the last window. */
  stop(): Promise<LagSummary>;
}

/** Samples readReplicaLag every `intervalMs` (default 250) over one connection, for per-step p50/max. */
export function startLagSampler(primaryUrl: string, intervalMs = 250): LagSampler {
  const sql = postgres(primaryUrl, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  let bytes: number[] = [];
  let ms: number[] = [];
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    queryLag(sql).then(
      (rows) => {
        for (const r of rows) {
          bytes.push(r.lagBytes);
          ms.push(r.replayLagMs);
        }
      },
      () => undefined, // a missed sample is not an error of the run
    ).finally(() => (busy = false));
  }, intervalMs);
  timer.unref();
  const take = (): LagSummary => {
    const s = summarize(bytes, ms);
    bytes = [];
    ms = [];
    return s;
  };
  return {
    take,
    async stop() {
      clearInterval(timer);
      const s = take();
      await sql.end({ timeout: 1 });
      return s;
    },
  };
}

export function summarize(bytes: readonly number[], ms: readonly number[]): LagSummary {
  return { samples: bytes.length, bytesP50: median(bytes), bytesMax: max(bytes), msP50: median(ms), msMax: max(ms) };
}

function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function max(xs: readonly number[]): number {
  return xs.reduce((a, b) => (b > a ? b : a), 0);
}
