// The postgres component's boot: a PostgreSQL primary (and replicas), or with shards K primaries booted at once, each
// in the run folder, seeded like the SQLite file(s), replicas caught up before the apps start, and the app flags that
// point the apps at them.
import { seedPostgres } from '../../targets/app/seed-postgres.ts';
import { seedPgShards } from '../../targets/shards/seed-pg-shards.ts';
import { pgAppFlagArgs } from '../services/postgres-app-flags.ts';
import { readReplicaLag } from '../services/postgres-lag.ts';
import { startPostgres, type StartedPostgres } from '../services/postgres-server.ts';
import type { StartedService } from '../supervisor/started-service.ts';
import { seededCodes } from './seeded-codes.ts';
import type { StageBootOptions } from './stage-types.ts';

export interface PostgresStore {
  /** Every server of the store (role db, each its own machine): the primary and its replicas, or the K shards. */
  services: StartedService[];
  /** The primary, when there is one (the lag sampler's server); undefined with shards. */
  primaryUrl?: string;
  /** Read replicas of the primary (0 with shards). */
  replicas: number;
  /** Shard primaries in ring order (index = shard), when sharded. */
  shardUrls?: string[];
  /** argv for every app: --pg-url and --pg-replica-urls, or --pg-shard-urls. */
  appArgs: string[];
  codes: string[];
  seedMs: number;
  /** Each server's boot to ready, ms (the shards boot at once: the slowest is the store's). */
  readyMs: number[];
}

/** `shards` > 0: that many PostgreSQL primaries, codes placed by consistent hashing (no replicas: bench refuses them). */
export async function bootPostgresStore(o: StageBootOptions, shards = 0): Promise<PostgresStore> {
  if (shards > 0) return bootShards(o, shards);
  // Each server is its own machine (role db); the scale model moves the postmaster tree after boot (stage-machines).
  const pg = await startPostgres({ supervisor: o.supervisor, runDir: o.runDir, cpus: o.stageCpus, replicas: o.topology.readReplicas, replicaApplyDelayMs: o.topology.replicaDelayMs });
  try {
    const seed = await seedPostgres(pg.url, o.seedLinks, { reset: true });
    await waitReplicasCaughtUp(pg);
    return {
      services: [pg.primary, ...pg.replicas],
      primaryUrl: pg.url,
      replicas: pg.replicas.length,
      // fix-age: the configured delay is the bound's floor (the apps add the replay lag they measure).
      appArgs: pgAppFlagArgs({ url: pg.url, replicaUrls: pg.replicaUrls, readYourWrites: o.topology.readYourWrites, lagBoundMs: o.topology.readYourWrites === 'fix-age' ? o.topology.replicaDelayMs : undefined }),
      codes: seededCodes(seed.first, seed.last, o.seed),
      seedMs: seed.ms,
      readyMs: [pg.timings.primaryReadyMs, ...pg.timings.replicaReadyMs],
    };
  } catch (err) {
    await pg.stop();
    throw err;
  }
}

/** K servers started in parallel (a data directory copy and a postmaster each), then seeded in parallel. */
async function bootShards(o: StageBootOptions, k: number): Promise<PostgresStore> {
  const settled = await Promise.allSettled(Array.from({ length: k }, (_, i) => startPostgres({ supervisor: o.supervisor, runDir: o.runDir, name: `pg-shard-${i}`, cpus: o.stageCpus })));
  const up = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  try {
    const failed = settled.find((r) => r.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
    const urls = up.map((pg) => pg.url);
    const seed = await seedPgShards(urls, o.seedLinks, { reset: true });
    return {
      services: up.map((pg) => pg.primary),
      replicas: 0,
      shardUrls: urls,
      appArgs: pgAppFlagArgs({ shardUrls: urls }),
      codes: seededCodes(seed.first, seed.last, o.seed),
      seedMs: seed.ms,
      readyMs: up.map((pg) => pg.timings.primaryReadyMs),
    };
  } catch (err) {
    await Promise.all(up.map((pg) => pg.stop()));
    throw err;
  }
}

/** The seed is one big COPY: lookups on a replica that has not replayed it yet would 404 the seeded codes. */
async function waitReplicasCaughtUp(pg: StartedPostgres, timeoutMs = 30_000): Promise<void> {
  if (pg.replicas.length === 0) return;
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const lag = await readReplicaLag(pg.url);
    if (lag.length >= pg.replicas.length && lag.every((r) => r.lagBytes === 0)) return;
    if (performance.now() > deadline) {
      throw new Error(`replicas did not replay the seed within ${timeoutMs / 1000} s (${lag.map((r) => `${r.name} ${r.lagBytes} bytes behind`).join(', ')})`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
