// The app flags (targets/app/server.ts) that point an app at a harness-owned PostgreSQL, and the processes of a
// server (the postmaster forks a backend per connection and its helpers: a machine budget must hold them all).
import { isLive, listProcs } from '../measure/process-stats.ts';
import type { StartedService } from '../supervisor/started-service.ts';
import type { ReadYourWrites } from '../../targets/app/read-your-writes.ts';

export interface PgAppFlags {
  /** The primary (startPostgres(...).url); with `shardUrls`, unused. */
  url?: string;
  /** One primary per shard, in ring order (--pg-shard-urls; replaces `url`). */
  shardUrls?: readonly string[];
  /** Replicas redirect lookups go to (startPostgres(...).replicaUrls; default none). */
  replicaUrls?: readonly string[];
  /** Connections per server per app (default: the app's own, 10). */
  pool?: number;
  /** Replica-miss policy (default: the app's own, 'measure'). */
  readYourWrites?: ReadYourWrites;
  /** 'fix-age': lowest lag bound, ms (default: the app's own, 0). */
  lagBoundMs?: number;
}

/** argv for the app process: --pg-url (or --pg-shard-urls), and --pg-replica-urls / --pg-pool / --read-your-writes when given. */
export function pgAppFlagArgs(f: PgAppFlags): string[] {
  if (f.shardUrls !== undefined && f.shardUrls.length > 0) return ['--pg-shard-urls', f.shardUrls.join(','), ...(f.pool !== undefined ? ['--pg-pool', String(f.pool)] : [])];
  if (f.url === undefined) throw new TypeError('pgAppFlagArgs: give url (a primary) or shardUrls');
  return [
    '--pg-url', f.url,
    ...(f.replicaUrls !== undefined && f.replicaUrls.length > 0 ? ['--pg-replica-urls', f.replicaUrls.join(',')] : []),
    ...(f.pool !== undefined ? ['--pg-pool', String(f.pool)] : []),
    ...(f.readYourWrites !== undefined ? ['--read-your-writes', f.readYourWrites] : []),
    ...(f.lagBoundMs !== undefined && f.lagBoundMs > 0 ? ['--lag-bound-ms', String(Math.round(f.lagBoundMs))] : []),
  ];
}

/**
 * Live pids of a PostgreSQL server: the postmaster and its descendants. Not its process group: every child of the
 * postmaster calls setsid(), so a signal to the group reaches the postmaster only (and a process sampler must use
 * tree mode). Backends forked later inherit the postmaster's cgroup; helpers forked before (checkpointer, WAL
 * writer…) must be added to a machine with these pids.
 */
export function postgresPids(svc: Pick<StartedService, 'pid'>): number[] {
  const procs = listProcs().filter((p) => isLive(p));
  const out = new Set<number>([svc.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of procs) {
      if (!out.has(p.pid) && out.has(p.ppid)) {
        out.add(p.pid);
        grew = true;
      }
    }
  }
  return [...out].filter((pid) => procs.some((p) => p.pid === pid));
}
