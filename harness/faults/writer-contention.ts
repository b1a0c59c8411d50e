// writer-contention (stage 3+): the whole step at one write per read, so N app processes queue on the database's writer
// (one SQLite file, SQLite shards, a PostgreSQL primary or PostgreSQL shard servers); busy retries, pool waits, 503s, write latency.
import type { StageComposition } from '../stages/stage-definitions.ts';
import type { FaultFactory } from './fault-types.ts';

/** Reads per write during the faulted step (the default workload is 100). */
export const CONTENTION_READ_WRITE_RATIO = 1;

/** What the apps write to, in words: the store the composition has (K shards on either backend), and how clicks go. */
export function writeTargetDetail(composition: Pick<StageComposition, 'has'> | undefined, shards: number): string {
  const pg = composition?.has('postgres') === true;
  const sharded = shards > 1 && composition?.has('shards') === true;
  const store = sharded ? `${shards} ${pg ? 'PostgreSQL shard servers' : 'SQLite shards'}` : pg ? 'one PostgreSQL primary' : 'one SQLite file';
  const clicks = composition?.has('write-behind') === true ? 'clicks written behind in batches' : 'a click per redirect';
  return `${store} (creates, and ${clicks})`;
}

export const writerContention: FaultFactory = async (spec, ctx) => ({
  spec,
  workload: { readWriteRatio: CONTENTION_READ_WRITE_RATIO },
  async run() {},
  record(step) {
    const create = step.byEndpoint.create;
    const redirect = step.byEndpoint.redirect;
    const writers = ctx.stage.services.filter((s) => s.role === 'app').length;
    const errors = Object.values(step.errors).reduce((a, b) => a + b, 0);
    return {
      kind: 'writer-contention',
      target: 'workload',
      atMs: 0,
      detail: `readWriteRatio ${CONTENTION_READ_WRITE_RATIO} for the whole step: ${writers} app processes writing ${writeTargetDetail(ctx.stage.composition, ctx.topology.shards)}`,
      events: [],
      outcome: {
        writers,
        writes: create?.count ?? 0,
        writesPerS: step.durationS > 0 ? Math.round(((create?.count ?? 0) / step.durationS) * 10) / 10 : 0,
        createP50Us: create?.latencyUs.p50 ?? 0,
        createP99Us: create?.latencyUs.p99 ?? 0,
        createMaxUs: create?.latencyUs.max ?? 0,
        redirectP99Us: redirect?.latencyUs.p99 ?? 0,
        busyRetries: step.figures.sqliteBusyRetries ?? 0,
        busyTimeouts: step.figures.sqliteBusyTimeouts ?? 0,
        // PostgreSQL: queries that queued for a pooled connection (the apps' side of a busy server).
        pgPoolWaits: step.figures.pgPoolWaits ?? 0,
        status503: step.statusCounts['503'] ?? 0,
        clientErrors: errors,
      },
    };
  },
});
