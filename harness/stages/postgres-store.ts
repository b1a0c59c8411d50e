// The postgres component's boot: a PostgreSQL primary (and replicas) in the run folder, seeded like the SQLite file,
// replicas caught up before the apps start, and the app flags that point the apps at it.
import { seedPostgres } from '../../targets/app/seed-postgres.ts';
import { pgAppFlagArgs } from '../services/postgres-app-flags.ts';
import { readReplicaLag } from '../services/postgres-lag.ts';
import { startPostgres, type StartedPostgres } from '../services/postgres-server.ts';
import { seededCodes } from './seeded-codes.ts';
import type { StageBootOptions } from './stage-types.ts';

export interface PostgresStore {
  pg: StartedPostgres;
  /** argv for every app: --pg-url and --pg-replica-urls. */
  appArgs: string[];
  codes: string[];
  seedMs: number;
}

export async function bootPostgresStore(o: StageBootOptions): Promise<PostgresStore> {
  // Each server is its own machine (role db); the scale model moves the postmaster tree after boot (stage-machines).
  const pg = await startPostgres({ supervisor: o.supervisor, runDir: o.runDir, cpus: o.stageCpus, replicas: o.topology.readReplicas, replicaApplyDelayMs: o.topology.replicaDelayMs });
  try {
    const seed = await seedPostgres(pg.url, o.seedLinks, { reset: true });
    await waitReplicasCaughtUp(pg);
    return { pg, appArgs: pgAppFlagArgs({ url: pg.url, replicaUrls: pg.replicaUrls, readYourWrites: o.topology.readYourWrites }), codes: seededCodes(seed.first, seed.last, o.seed), seedMs: seed.ms };
  } catch (err) {
    await pg.stop();
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
