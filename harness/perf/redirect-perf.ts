// Perf probe of the stage-1 redirect path: redirects/s and target CPU-ms per redirect for the stage-1 app (front
// route, and as router middleware), next to bare Express 5 routing and the node:http + better-sqlite3 floor
// (lookup + click write), each as its own process on the same core; and the same app on a harness-owned PostgreSQL
// (--db postgres) when the postgresql package is installed: the app's CPU-ms per redirect, and the server's beside it,
// with clicks written per redirect (an awaited UPDATE) and written behind (one batched UPDATE a second).
// Prints numbers; asserts nothing. Usage: node --import tsx harness/perf/redirect-perf.ts [--duration 5] [--connections 50] [--links 100000]
//   [--targets stage-1-app,stage-1-app-postgres,stage-1-app-postgres-write-behind] (default: all; bare-express is always the reference)
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import express from 'express';
import { encodeId } from '../../targets/app/codegen.ts';
import { seedLinks } from '../../targets/app/seed-links.ts';
import { seedPostgres } from '../../targets/app/seed-postgres.ts';
import { postgresVersion } from '../services/postgres-binaries.ts';
import { postgresPids } from '../services/postgres-app-flags.ts';
import { startPostgres, type StartedPostgres } from '../services/postgres-server.ts';
import type { StartedService } from '../supervisor/started-service.ts';
import type { Supervisor } from '../supervisor/supervisor.ts';
import { Wait } from '../supervisor/wait.ts';
import { perfTargetCpus, withPerfSupervisor } from './perf-supervisor.ts';

const SQLITE_KINDS = ['bare-express', 'stage-1-app', 'stage-1-router', 'http-sqlite-floor'] as const;
const PG_KINDS = ['stage-1-app-postgres', 'stage-1-app-postgres-write-behind'] as const;
type TargetKind = (typeof SQLITE_KINDS)[number] | (typeof PG_KINDS)[number];
const SELF = fileURLToPath(import.meta.url);
const SERVER = fileURLToPath(new URL('../../targets/app/server.ts', import.meta.url));
const READY = /listening on (http:\/\/\S+)/;

/** Child mode: one of the comparison servers. */
function serve(kind: TargetKind, dbPath: string): void {
  let server;
  if (kind === 'bare-express') {
    const app = express();
    app.disable('x-powered-by');
    app.get('/:code', (_req, res) => {
      res.writeHead(302, { Location: 'https://example.com/', 'Content-Length': '0' });
      res.end();
    });
    server = createServer(app);
  } else {
    const db = new Database(dbPath);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    const get = db.prepare<[string], { id: number; url: string }>('SELECT id, url FROM links WHERE code = ?');
    const click = db.prepare<[number]>('UPDATE links SET clicks = clicks + 1 WHERE id = ?');
    server = createServer((req, res) => {
      const link = get.get((req.url ?? '/').slice(1));
      if (link === undefined) {
        res.writeHead(404, { 'Content-Length': '0' });
        return res.end();
      }
      click.run(link.id);
      res.writeHead(302, { Location: link.url, 'Content-Length': '0' });
      res.end();
    });
  }
  server.keepAliveTimeout = 65_000;
  server.listen(0, '127.0.0.1', () => {
    const addr = server.address() as { port: number };
    process.stdout.write(`perf-target listening on http://127.0.0.1:${addr.port} pid=${process.pid}\n`);
  });
  process.on('SIGTERM', () => process.exit(0));
}

/** Boots one target through the supervisor (pinned to CPU 1 when `pin`); its URL comes from its ready line. */
async function startTarget(supervisor: Supervisor, kind: TargetKind, dbPath: string, pin: boolean, pgUrl?: string): Promise<StartedService> {
  const appArgs = ['--import', 'tsx', SERVER, '--port', '0', '--db', dbPath, '--admin-token', 'perf-token'];
  const pgArgs = ['--import', 'tsx', SERVER, '--port', '0', '--pg-url', pgUrl!, '--admin-token', 'perf-token'];
  const nodeArgs = kind === 'stage-1-app-postgres'
    ? pgArgs
    : kind === 'stage-1-app-postgres-write-behind'
    ? [...pgArgs, '--write-behind']
    : kind === 'stage-1-app'
    ? appArgs
    : kind === 'stage-1-router'
      ? [...appArgs, '--router-redirect']
      : ['--import', 'tsx', SELF, '--serve', kind, '--db', dbPath];
  return supervisor.start({ name: kind, role: 'app', command: process.execPath, args: nodeArgs, cpus: pin ? '1' : undefined, ready: Wait.forLogLine(READY), readyTimeoutMs: 15_000 });
}

/** user+sys CPU seconds of a process, from /proc (Linux). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU seconds of a PostgreSQL server: its postmaster and every backend and helper alive now. */
function pgCpuSeconds(pg: StartedPostgres): number {
  return postgresPids(pg.primary).reduce((a, pid) => {
    try {
      return a + cpuSeconds(pid);
    } catch {
      return a; // gone between the listing and the read
    }
  }, 0);
}

async function measure(supervisor: Supervisor, kind: TargetKind, dbPath: string, codes: string[], opts: { duration: number; connections: number; pin: boolean; pg?: StartedPostgres }) {
  const target = await startTarget(supervisor, kind, dbPath, opts.pin, opts.pg?.url);
  const url = target.url!;
  // taskset execs node, so the child's pid is the server's.
  const pid = target.pid;
  try {
    const run = (duration: number) =>
      autocannon({
        url,
        connections: opts.connections,
        duration,
        requests: [{ setupRequest: (req: any) => ({ ...req, path: `/${codes[(Math.random() * codes.length) | 0]}` }) }],
      });
    await run(1); // warm-up, not counted (it also opens the app's pool: the backends exist before the count starts)
    const cpu0 = cpuSeconds(pid);
    const db0 = opts.pg ? pgCpuSeconds(opts.pg) : 0;
    const r = await run(opts.duration);
    const cpu = cpuSeconds(pid) - cpu0;
    const dbCpu = opts.pg ? pgCpuSeconds(opts.pg) - db0 : NaN;
    const total = r.requests.total;
    return {
      kind,
      reqPerS: Math.round(total / opts.duration),
      p50Ms: r.latency.p50,
      p99Ms: r.latency.p99,
      non3xx: r.non2xx - (r['3xx'] ?? 0),
      errors: r.errors,
      cpuMsPerReq: total > 0 ? (cpu * 1000) / total : NaN,
      /** The database server's CPU per redirect (a lookup and a click update); NaN for the embedded SQLite. */
      dbCpuMsPerReq: total > 0 ? (dbCpu * 1000) / total : NaN,
    };
  } finally {
    await target.stop();
  }
}

/** A harness-owned PostgreSQL under `supervisor` in `dir`, seeded with `links` links (unpinned: it is the database machine), for `fn`. */
async function withPostgres<T>(supervisor: Supervisor, dir: string, links: number, pin: boolean, fn: (pg: StartedPostgres, codes: string[]) => Promise<T>): Promise<T> {
  // The server may run as 'postgres' (when this runs as root): it must enter the mkdtemp folder (0700) to reach its own.
  chmodSync(dir, 0o711);
  const pg = await startPostgres({ supervisor, runDir: join(dir, 'pg-run'), cpus: pin ? '1' : undefined });
  const t = pg.timings;
  const seeded = await seedPostgres(pg.url, links, { reset: true });
  console.log(`postgres ${pg.version}: ready in ${t.primaryReadyMs.toFixed(0)} ms (data dir ${t.initdb ? 'initdb' : 'template copy'} ${t.dataDirMs.toFixed(0)} ms), seeded ${links} links in ${seeded.ms.toFixed(0)} ms; on the target's CPU`);
  return fn(pg, Array.from({ length: links }, (_, i) => encodeId(seeded.first + i)));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      serve: { type: 'string' },
      db: { type: 'string' },
      duration: { type: 'string', default: '5' },
      connections: { type: 'string', default: '50' },
      links: { type: 'string', default: '100000' },
      targets: { type: 'string' },
    },
  });
  if (values.serve !== undefined) return serve(values.serve as TargetKind, values.db ?? '');
  const duration = Number(values.duration);
  const connections = Number(values.connections);
  const links = Number(values.links);
  const all: readonly TargetKind[] = [...SQLITE_KINDS, ...PG_KINDS];
  const asked = values.targets?.split(',').map((t) => t.trim()).filter(Boolean);
  const unknown = asked?.filter((t) => !all.includes(t as TargetKind)) ?? [];
  if (unknown.length) throw new Error(`--targets: unknown ${unknown.join(', ')} (known: ${all.join(', ')})`);
  const wanted = (k: TargetKind) => k === 'bare-express' || asked === undefined || asked.includes(k);
  const dir = mkdtempSync(join(tmpdir(), 'scaleladder-redirect-perf-'));
  const dbPath = join(dir, 'links.sqlite');
  const pin = perfTargetCpus() !== undefined;
  if (pin) spawnSync('taskset', ['-cp', '0', String(process.pid)]);
  try {
    const seeded = seedLinks(dbPath, links, { reset: true });
    const codes = Array.from({ length: links }, (_, i) => encodeId(seeded.first + i));
    console.log(`seeded ${links} links in ${seeded.ms.toFixed(0)} ms; ${duration}s per target, ${connections} connections, ` +
      (pin ? 'target pinned to CPU 1, generator to CPU 0' : 'unpinned'));
    const rows = [];
    for (const kind of SQLITE_KINDS.filter(wanted)) {
      rows.push(await withPerfSupervisor('redirect', (supervisor) => measure(supervisor, kind, dbPath, codes, { duration, connections, pin })));
    }
    const pgKinds = PG_KINDS.filter(wanted);
    if (pgKinds.length > 0 && postgresVersion() === null) console.log(`${pgKinds.join(', ')}: skipped (no PostgreSQL; apt-get install postgresql)`);
    else if (pgKinds.length > 0) {
      // One server for both: the same seeded table, clicks per redirect first, then written behind.
      rows.push(...(await withPerfSupervisor('redirect-pg', (supervisor) =>
        withPostgres(supervisor, dir, links, pin, async (pg, pgCodes) => {
          const out = [];
          for (const kind of pgKinds) out.push(await measure(supervisor, kind, dbPath, pgCodes, { duration, connections, pin, pg }));
          return out;
        }))));
    }
    const bare = rows[0];
    // "x bare (CPU)" = bare Express CPU per request / this target's: the throughput ratio on one saturated core,
    // and the figure to trust on a shared machine, where req/s also depends on what else runs.
    // "DB CPU-ms/req": the PostgreSQL server's CPU per redirect (on SQLite the lookup is inside the app's figure).
    console.log('target                              req/s   x bare  x bare (CPU)  p50 ms  p99 ms  CPU-ms/req  DB CPU-ms/req  non-3xx  errors');
    for (const r of rows) {
      const db = Number.isNaN(r.dbCpuMsPerReq) ? '—' : r.dbCpuMsPerReq.toFixed(4);
      console.log(`${r.kind.padEnd(34)} ${String(r.reqPerS).padStart(7)}  ${(r.reqPerS / bare.reqPerS).toFixed(2).padStart(6)}  ${(bare.cpuMsPerReq / r.cpuMsPerReq).toFixed(2).padStart(12)}  ${String(r.p50Ms).padStart(6)}  ${String(r.p99Ms).padStart(6)}  ${r.cpuMsPerReq.toFixed(4).padStart(10)}  ${db.padStart(13)}  ${String(r.non3xx).padStart(7)}  ${String(r.errors).padStart(6)}`);
    }
    const app = rows.find((r) => r.kind === 'stage-1-app');
    const onPg = rows.find((r) => r.kind === 'stage-1-app-postgres');
    if (app && onPg) {
      console.log(`app CPU-ms per redirect: sqlite ${app.cpuMsPerReq.toFixed(4)}, postgres ${onPg.cpuMsPerReq.toFixed(4)} (×${(onPg.cpuMsPerReq / app.cpuMsPerReq).toFixed(2)}) + the server's ${onPg.dbCpuMsPerReq.toFixed(4)}`);
    }
    const onPgBehind = rows.find((r) => r.kind === 'stage-1-app-postgres-write-behind');
    if (onPg && onPgBehind) {
      console.log(`postgres CPU-ms per redirect, clicks per redirect → written behind: app ${onPg.cpuMsPerReq.toFixed(4)} → ${onPgBehind.cpuMsPerReq.toFixed(4)} (×${(onPgBehind.cpuMsPerReq / onPg.cpuMsPerReq).toFixed(2)}), server ${onPg.dbCpuMsPerReq.toFixed(4)} → ${onPgBehind.dbCpuMsPerReq.toFixed(4)} (×${(onPgBehind.dbCpuMsPerReq / onPg.dbCpuMsPerReq).toFixed(2)})`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(`redirect-perf: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
