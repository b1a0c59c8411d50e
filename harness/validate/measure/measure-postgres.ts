// The seed's database claims against a real server: a harness-owned PostgreSQL primary with one streaming replica,
// seeded with the mappings; a lookup's round trip on the idle primary, the same at the server's knee (a closed loop
// of concurrent clients keeping it saturated: the most it serves, and what a lookup costs there), and reads/s per replica.
import { chmodSync, statSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import { encodeId } from '../../../targets/app/codegen.ts';
import { seedPostgres } from '../../../targets/app/seed-postgres.ts';
import { mulberry32 } from '../../../loadtests/workload/prng.ts';
import { readReplicaLag } from '../../services/postgres-lag.ts';
import { startPostgres, type StartedPostgres } from '../../services/postgres-server.ts';
import { Supervisor } from '../../supervisor/supervisor.ts';
import { summarizeNs, type LatencySampleUs } from './latency-sample.ts';

export interface SaturatedReads extends LatencySampleUs {
  /** Clients in the closed loop, each with its own connection. */
  concurrency: number;
  /** Lookups completed per second over the loop. */
  readsPerS: number;
  durationS: number;
}

export interface PostgresMeasurement {
  version: string;
  links: number;
  /** Boot to ready of the primary (data directory included), and of the replica (pg_basebackup to streaming), ms. */
  primaryReadyMs: number;
  replicaReadyMs: number;
  /** One lookup at a time on the idle primary (prepared statement, loopback TCP). */
  idle: LatencySampleUs;
  /** The primary at its knee: `concurrency` clients back to back. */
  loaded: SaturatedReads;
  /** The replica at its knee, the same way. */
  replica: SaturatedReads;
}

/** Clients of the saturating loop: enough to keep a server on a couple of cores busy, few enough for one Node process. */
const CONCURRENCY = 16;
const WARMUP = 300;

/** A primary with one replica, seeded and caught up, ready to be measured; stop() stops both. */
export interface BootedValidatePostgres {
  pg: StartedPostgres;
  first: number;
  links: number;
  stop(): Promise<void>;
}

/**
 * Boots and seeds the server (seconds of another process's work, so validate starts it first and takes its other
 * measurements meanwhile); measureBootedPostgres times the lookups once nothing else runs.
 */
export async function bootValidatePostgres(runDir: string, n: number): Promise<BootedValidatePostgres> {
  const dir = join(runDir, 'validate-pg');
  // The server may run as 'postgres' (when this runs as root): let it through the run folder (mkdtemp makes it 0700).
  chmodSync(runDir, (statSync(runDir).mode & 0o7777) | 0o011);
  const supervisor = new Supervisor({ runDir: dir });
  try {
    // fsync off: a throwaway server; the claims are about reads.
    const pg = await startPostgres({ supervisor, runDir: dir, replicas: 1, fsync: false });
    const seed = await seedPostgres(pg.url, n, { reset: true });
    await caughtUp(pg.url);
    return { pg, first: seed.first, links: n, stop: () => supervisor.stopAll() };
  } catch (err) {
    await supervisor.stopAll();
    throw err;
  }
}

export async function measureBootedPostgres(b: BootedValidatePostgres, lookups: number, loadS = 1): Promise<PostgresMeasurement> {
  const { pg, first, links: n } = b;
  const rnd = mulberry32(11);
  const code = () => encodeId(first + Math.floor(rnd() * n));
  const primary = postgres(pg.url, { max: CONCURRENCY, prepare: true, onnotice: () => {} });
  const replica = postgres(pg.replicaUrls[0], { max: CONCURRENCY, prepare: true, onnotice: () => {} });
  try {
    const lookup = async (sql: postgres.Sql, c: string) => {
      const rows = await sql`SELECT url FROM links WHERE code = ${c}`;
      if (rows.length === 0) throw new Error(`postgres lookup of ${c} found nothing: the seed did not complete`);
    };
    for (let i = 0; i < WARMUP; i++) await lookup(primary, code());
    const ns = new Float64Array(lookups);
    for (let i = 0; i < lookups; i++) {
      const c = code();
      const t0 = process.hrtime.bigint();
      await lookup(primary, c);
      ns[i] = Number(process.hrtime.bigint() - t0);
    }
    const loaded = await saturate(() => lookup(primary, code()), loadS);
    const onReplica = await saturate(() => lookup(replica, code()), loadS);
    return { version: pg.version, links: n, primaryReadyMs: pg.timings.primaryReadyMs, replicaReadyMs: pg.timings.replicaReadyMs[0] ?? 0, idle: summarizeNs(ns), loaded, replica: onReplica };
  } finally {
    await Promise.all([primary.end({ timeout: 1 }), replica.end({ timeout: 1 })]);
  }
}

/** CONCURRENCY clients issuing `one` back to back for `seconds` (after a short warm-up of every connection). */
async function saturate(one: () => Promise<void>, seconds: number): Promise<SaturatedReads> {
  await Promise.all(Array.from({ length: CONCURRENCY }, () => one()));
  const samples: number[] = [];
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        const s = process.hrtime.bigint();
        await one();
        samples.push(Number(process.hrtime.bigint() - s));
      }
    }),
  );
  const durationS = (performance.now() - t0) / 1000;
  return { ...summarizeNs(samples), concurrency: CONCURRENCY, readsPerS: samples.length / durationS, durationS };
}

/** The seed is one COPY: wait until the replica replayed it. */
async function caughtUp(primaryUrl: string, timeoutMs = 30_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const lag = await readReplicaLag(primaryUrl);
    if (lag.length > 0 && lag.every((r) => r.lagBytes === 0)) return;
    if (performance.now() > deadline) throw new Error(`the replica did not replay the seed within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
