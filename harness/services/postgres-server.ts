// A harness-owned PostgreSQL: a fresh data directory in the run folder, a primary on a free loopback port, and N
// streaming replicas made with `pg_basebackup -R`, each supervised like redis-server (readiness, logs, stop).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { UserError } from '../errors/user-error.ts';
import { freePort } from '../supervisor/free-port.ts';
import type { StartedService } from '../supervisor/started-service.ts';
import type { Supervisor } from '../supervisor/supervisor.ts';
import { Wait } from '../supervisor/wait.ts';
import { asUser, findPgBinaries, pgOsUser, type PgBinaries, type PgOsUser } from './postgres-binaries.ts';
import { pgUrl, postgresConf, replicaConf } from './postgres-conf.ts';

const run = promisify(execFile);

export interface StartPostgresOptions {
  supervisor: Supervisor;
  /** The run folder: data directories go to <runDir>/pg-<name> and <runDir>/pg-<name>-replica-<i>. */
  runDir: string;
  /** Service name of the primary; replicas are `<name>-replica-<i>` (default 'pg'). */
  name?: string;
  /** Primary's loopback port (default: a free one). */
  port?: number;
  /** CPU list for taskset, for the primary and its replicas (default: none). */
  cpus?: string;
  /** CPU list per replica (index i), when replicas sit on machines of their own (default: `cpus`). */
  replicaCpus?: (string | undefined)[];
  /** Streaming replicas to add (default 0). */
  replicas?: number;
  /** Emulated replica lag: every replica applies each commit this long after the primary made it (default 0). */
  replicaApplyDelayMs?: number;
  /** max_connections of every server (default 200). */
  maxConnections?: number;
  /** fsync (default true; see postgres-conf.ts). */
  fsync?: boolean;
  /**
   * Copy a pristine initdb result cached in the OS temp folder instead of running initdb every time (default true):
   * initdb costs 1.5–2.5 s here, a copy ~0.15 s. The copy is still a fresh, empty cluster in the run folder.
   */
  templateCache?: boolean;
  /** Readiness timeout per server, ms (default 30000: a busy shared box). */
  readyTimeoutMs?: number;
}

export interface PostgresTimings {
  /** Making the primary's data directory (initdb, or a copy of the cached template), ms. */
  dataDirMs: number;
  /** True when the data directory came from initdb in this call (no cached template yet, or templateCache false). */
  initdb: boolean;
  /** From the start of startPostgres to the primary accepting connections, ms. */
  primaryReadyMs: number;
  /** Per replica: from the start of its pg_basebackup to streaming from the primary, ms. */
  replicaReadyMs: number[];
}

export interface StartedPostgres {
  /** Supervised handle; its pid is the small sh that turns SIGTERM into a fast shutdown, the postmaster its child. */
  primary: StartedService;
  replicas: StartedService[];
  /** postgres://postgres@127.0.0.1:<port>/postgres (trust auth on loopback). */
  url: string;
  replicaUrls: string[];
  /** The primary's data directory. */
  dataDir: string;
  /** `postgres --version`, e.g. '15.14'. */
  version: string;
  timings: PostgresTimings;
  /**
   * Fast shutdown of the replicas, then the primary, through their supervised handles; safe to call twice. The
   * supervisor's stopAll (Ctrl-C, crash) does the same: its SIGTERM becomes a fast shutdown (see FAST_STOP).
   */
  stop(): Promise<void>;
}

/** Boots a primary (and replicas) and resolves once every server accepts connections and every replica streams. */
export async function startPostgres(o: StartPostgresOptions): Promise<StartedPostgres> {
  const t0 = performance.now();
  const { supervisor, name = 'pg', replicas: nReplicas = 0, cpus, maxConnections, fsync, templateCache = true, readyTimeoutMs = 30_000 } = o;
  if (!Number.isInteger(nReplicas) || nReplicas < 0 || nReplicas > 8) throw new UserError(`--read-replicas must be an integer between 0 and 8, got ${nReplicas}`);
  const bin = findPgBinaries();
  const user = pgOsUser();
  const runDir = path.resolve(o.runDir);
  fs.mkdirSync(runDir, { recursive: true });
  if (user !== undefined) letUserReach(runDir, user);
  const dataDir = path.join(runDir, `pg-${name}`);
  const port = o.port ?? (await freePort());

  const d0 = performance.now();
  const initdb = await makeDataDir(bin, user, dataDir, templateCache);
  const dataDirMs = performance.now() - d0;
  fs.appendFileSync(dataDir + '/postgresql.conf', postgresConf({ port, maxConnections, fsync }));

  const started: StartedService[] = [];
  const stopAll = async (): Promise<void> => {
    for (const svc of [...started].reverse()) {
      await svc.stop(); // SIGTERM to the wrapper: a fast shutdown (see FAST_STOP)
    }
  };
  try {
    const primary = await supervisor.start({
      name,
      role: 'db',
      ...serverCommand(user, bin, dataDir),
      port,
      url: pgUrl(port),
      cpus,
      ready: Wait.all(Wait.forLogLine(/database system is ready to accept connections/), Wait.forPort(port)),
      readyTimeoutMs,
      stopGraceMs: 5_000,
    });
    started.push(primary);
    const primaryReadyMs = performance.now() - t0;

    const settled = await Promise.allSettled(
      Array.from({ length: nReplicas }, async (_, i) => {
        const r0 = performance.now();
        const rName = `${name}-replica-${i + 1}`;
        const rDir = path.join(runDir, `pg-${rName}`);
        const rPort = await freePort();
        await baseBackup(bin, user, port, rDir, rName);
        fs.appendFileSync(rDir + '/postgresql.conf', replicaConf(rPort, o.replicaApplyDelayMs));
        const svc = await supervisor.start({
          name: rName,
          role: 'db',
          ...serverCommand(user, bin, rDir),
          port: rPort,
          url: pgUrl(rPort),
          cpus: o.replicaCpus?.[i] ?? cpus,
          ready: Wait.all(Wait.forLogLine(/database system is ready to accept read-only connections/), Wait.forPort(rPort)),
          readyTimeoutMs,
          stopGraceMs: 5_000,
        });
        started.push(svc);
        return { svc, r0 };
      }),
    );
    const failed = settled.find((r) => r.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
    const replicaResults = settled.map((r) => (r as PromiseFulfilledResult<{ svc: StartedService; r0: number }>).value);
    const replicaReadyMs = await waitStreaming(pgUrl(port), replicaResults.map((r) => ({ name: r.svc.name, r0: r.r0 })), readyTimeoutMs);
    let stopping: Promise<void> | undefined;
    return {
      primary,
      replicas: replicaResults.map((r) => r.svc),
      url: pgUrl(port),
      replicaUrls: replicaResults.map((r) => r.svc.url ?? pgUrl(r.svc.port!)),
      dataDir,
      version: bin.version,
      timings: { dataDirMs, initdb, primaryReadyMs, replicaReadyMs },
      stop: () => (stopping ??= stopAll()),
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/**
 * PostgreSQL's SIGTERM is a smart shutdown (it waits for every client to leave), and each of its children calls
 * setsid(), so the supervisor's SIGTERM-then-SIGKILL to the process group would reach only the postmaster and, past
 * the grace period, orphan its backends. A small sh in front turns SIGTERM/SIGINT into SIGINT (fast shutdown: clients
 * cut, transactions rolled back) and exits with the server. The service's pid is this sh; the postmaster is its child.
 */
const FAST_STOP = 'trap \'kill -INT "$p" 2>/dev/null\' INT TERM; "$@" & p=$!; wait "$p"; s=$?; while kill -0 "$p" 2>/dev/null; do wait "$p"; s=$?; done; exit "$s"';

function serverCommand(user: PgOsUser | undefined, bin: PgBinaries, dataDir: string): { command: string; args: string[] } {
  const inner = asUser(user, bin.tool.postgres, ['-D', dataDir]);
  return { command: 'sh', args: ['-c', FAST_STOP, 'scaleladder-postgres', inner.command, ...inner.args] };
}

/** A fresh data directory owned by `user`: a copy of the cached initdb template, or initdb itself. True when initdb ran here. */
async function makeDataDir(bin: PgBinaries, user: PgOsUser | undefined, dataDir: string, templateCache: boolean): Promise<boolean> {
  fs.rmSync(dataDir, { recursive: true, force: true });
  if (!templateCache) {
    await initdb(bin, user, dataDir);
    return true;
  }
  const template = path.join(os.tmpdir(), `scaleladder-pg-template-${bin.version}-${user?.uid ?? process.getuid?.() ?? 'u'}`);
  let ran = false;
  if (!fs.existsSync(path.join(template, 'PG_VERSION'))) {
    const tmp = `${template}.tmp-${process.pid}-${Date.now()}`;
    await initdb(bin, user, tmp);
    try {
      fs.renameSync(tmp, template);
    } catch {
      fs.rmSync(tmp, { recursive: true, force: true }); // another run built it meanwhile
    }
    ran = true;
  }
  // cp -a keeps owner and modes (the data directory must be 0700 and the server's own).
  await run('cp', ['-a', template, dataDir]);
  return ran;
}

async function initdb(bin: PgBinaries, user: PgOsUser | undefined, dir: string): Promise<void> {
  ownedEmptyDir(dir, user);
  try {
    // --no-sync: a throwaway cluster need not survive a power cut during its own creation.
    await run(bin.tool.initdb, ['-D', dir, '-U', 'postgres', '--auth=trust', '--no-sync', '--no-instructions', '-E', 'UTF8', '--locale=C'], {
      uid: user?.uid,
      gid: user?.gid,
      timeout: 120_000,
      cwd: '/',
    });
  } catch (err) {
    throw new UserError(`initdb failed for ${dir}: ${oneLine(err)}`, { cause: err });
  }
}

async function baseBackup(bin: PgBinaries, user: PgOsUser | undefined, primaryPort: number, dir: string, appName: string): Promise<void> {
  fs.rmSync(dir, { recursive: true, force: true });
  ownedEmptyDir(dir, user);
  try {
    // -R: standby.signal + primary_conninfo; -X stream: WAL streamed alongside; -c fast: no waiting for a checkpoint.
    await run(bin.tool.pg_basebackup, ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', dir, '-R', '-X', 'stream', '-c', 'fast', '--no-sync', '-d', `application_name=${appName}`], {
      uid: user?.uid,
      gid: user?.gid,
      timeout: 120_000,
      cwd: '/',
    });
  } catch (err) {
    throw new UserError(`pg_basebackup of ${appName} failed: ${oneLine(err)}`, { cause: err });
  }
  // -R wrote primary_conninfo with our application_name, so pg_stat_replication names the replica.
}

/**
 * The server runs as `user` and must reach its data directory: the run folder (ours) gets search permission for
 * others if it lacks it (mkdtemp makes 0700 folders); a folder above it that `user` cannot enter is a UserError.
 */
function letUserReach(runDir: string, user: PgOsUser): void {
  const canEnter = (st: fs.Stats) => (st.uid === user.uid ? st.mode & 0o100 : st.gid === user.gid ? st.mode & 0o010 : st.mode & 0o001) !== 0;
  const st = fs.statSync(runDir);
  if (!canEnter(st)) fs.chmodSync(runDir, (st.mode & 0o7777) | 0o011);
  for (let dir = path.dirname(runDir); ; dir = path.dirname(dir)) {
    if (!canEnter(fs.statSync(dir))) {
      throw new UserError(`PostgreSQL runs as '${user.name}', who cannot enter ${dir}: put the run folder elsewhere (--results-dir) or run 'chmod o+x ${dir}'`);
    }
    if (dir === path.dirname(dir)) break;
  }
}

function ownedEmptyDir(dir: string, user: PgOsUser | undefined): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  if (user !== undefined) fs.chownSync(dir, user.uid, user.gid);
}

/** Polls the primary until every replica streams; returns each replica's ready time (from its own start), ms. */
async function waitStreaming(primaryUrl: string, replicas: { name: string; r0: number }[], timeoutMs: number): Promise<number[]> {
  if (replicas.length === 0) return [];
  const sql = postgres(primaryUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  const readyAt = new Map<string, number>();
  const deadline = performance.now() + timeoutMs;
  try {
    while (readyAt.size < replicas.length) {
      const rows = await sql<{ application_name: string }[]>`SELECT application_name FROM pg_stat_replication WHERE state = 'streaming'`;
      for (const r of rows) if (!readyAt.has(r.application_name)) readyAt.set(r.application_name, performance.now());
      if (readyAt.size >= replicas.length) break;
      if (performance.now() > deadline) {
        const missing = replicas.filter((r) => !readyAt.has(r.name)).map((r) => r.name);
        throw new UserError(`${missing.join(', ')}: not streaming from the primary after ${Math.round(timeoutMs / 1000)} s; see their logs in the run folder`, { timedOut: true });
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    await sql.end({ timeout: 1 });
  }
  return replicas.map((r) => (readyAt.get(r.name) ?? performance.now()) - r.r0);
}

function oneLine(err: unknown): string {
  const e = err as { stderr?: string; message?: string };
  const text = (e.stderr && e.stderr.trim() !== '' ? e.stderr : e.message) ?? String(err);
  return text.trim().split('\n').slice(-2).join(' ').replace(/\s+/g, ' ');
}
