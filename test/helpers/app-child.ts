// The stage-1 app as a real child process under a Supervisor, plus read-only looks at its SQLite file from outside.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { appProcessSpec } from '../../harness/services/app-process.ts';
import type { Supervisor } from '../../harness/supervisor/supervisor.ts';
import type { StartedService } from '../../harness/supervisor/started-service.ts';

export interface AppChild {
  service: StartedService;
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  host: string;
  port: number;
  /** The app process itself (node running server.ts), as printed on its ready line. */
  pid: number;
}

/** Starts targets/app/server.ts on `dbPath` (port 0) and waits for its ready line; a failed start throws with the whole log. */
export async function startAppChild(sup: Supervisor, o: { name: string; dbPath: string; adminToken: string }): Promise<AppChild> {
  let service: StartedService;
  try {
    service = await sup.start(appProcessSpec(o));
  } catch (err) {
    let log = '';
    try {
      log = readFileSync(join(sup.logsDir, `${o.name}.log`), 'utf8').slice(0, 4000);
    } catch {
      // no log written
    }
    throw new Error(`${(err as Error).message}\n--- ${o.name}.log ---\n${log}`, { cause: err });
  }
  const u = new URL(service.url!);
  return { service, url: service.url!, host: u.hostname, port: Number(u.port), pid: service.pid };
}

/** True while `pid` exists and is not a zombie. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // Linux: a killed child stays a zombie until reaped; that is not alive.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return process.platform !== 'linux';
  }
}

/** Opens the links file read-only (a second connection, beside the app's own), runs `fn`, closes. */
export function withReadOnlyDb<T>(dbPath: string, fn: (db: Database.Database) => T): T {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    return fn(db);
  } finally {
    db.close();
  }
}

/** Number of rows in `links`, read from outside the app. */
export function countLinks(dbPath: string): number {
  return withReadOnlyDb(dbPath, (db) => db.prepare('SELECT count(*) AS n FROM links').get() as { n: number }).n;
}
