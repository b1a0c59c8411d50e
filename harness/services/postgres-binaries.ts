// Finds the PostgreSQL server binaries (Debian keeps them off PATH, in /usr/lib/postgresql/<major>/bin) and the
// unprivileged OS user they must run as when the harness is root (postgres refuses to run as root).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors/user-error.ts';
import { findOnPath } from '../measure/find-binary.ts';

/** The server tools the harness runs. */
export const PG_TOOLS = ['initdb', 'postgres', 'pg_basebackup'] as const;
export type PgTool = (typeof PG_TOOLS)[number];

export interface PgBinaries {
  /** Folder holding initdb, postgres and pg_basebackup. */
  binDir: string;
  /** Absolute path of each tool. */
  tool: Record<PgTool, string>;
  /** `postgres --version`, e.g. '15.14'. */
  version: string;
}

const MISSING = "PostgreSQL server binaries (initdb, postgres, pg_basebackup) not found: install them with 'apt-get install postgresql' (or set SCALELADDER_PG_BIN to their folder)";

/** Folders that may hold the tools, best first: $SCALELADDER_PG_BIN, Debian's /usr/lib/postgresql/<newest>/bin, PATH. */
export function candidateBinDirs(env: NodeJS.ProcessEnv = process.env, debianRoot = '/usr/lib/postgresql'): string[] {
  const dirs: string[] = [];
  if (env.SCALELADDER_PG_BIN) dirs.push(path.resolve(env.SCALELADDER_PG_BIN));
  let majors: string[] = [];
  try {
    majors = fs.readdirSync(debianRoot).filter((d) => /^\d+(\.\d+)?$/.test(d));
  } catch {
    /* not Debian, or no server package */
  }
  majors.sort((a, b) => Number(b) - Number(a));
  for (const m of majors) dirs.push(path.join(debianRoot, m, 'bin'));
  const onPath = findOnPath('postgres', { pathEnv: env.PATH });
  if (onPath !== undefined) dirs.push(path.dirname(fs.realpathSync(onPath)));
  return dirs;
}

function executable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The first folder with every tool; a missing server is one UserError naming the package. */
export function findPgBinaries(env: NodeJS.ProcessEnv = process.env, debianRoot?: string): PgBinaries {
  for (const binDir of candidateBinDirs(env, debianRoot)) {
    const tool = Object.fromEntries(PG_TOOLS.map((t) => [t, path.join(binDir, t)])) as Record<PgTool, string>;
    if (!PG_TOOLS.every((t) => executable(tool[t]))) continue;
    let version = 'unknown';
    try {
      const out = execFileSync(tool.postgres, ['--version'], { stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).toString();
      version = out.match(/(\d+(?:\.\d+)+)/)?.[1] ?? 'unknown';
    } catch {
      continue;
    }
    return { binDir, tool, version };
  }
  throw new UserError(MISSING);
}

/** `postgres --version` of the server the harness would use, or null when it is not installed (for doctor). */
export function postgresVersion(): string | null {
  try {
    return findPgBinaries().version;
  } catch {
    return null;
  }
}

export interface PgOsUser {
  name: string;
  uid: number;
  gid: number;
}

/**
 * Who runs initdb/postgres: the harness's own user, or when it is root the `postgres` system user the Debian
 * package creates (postgres will not run as root). undefined: run as ourselves.
 */
export function pgOsUser(wanted = 'postgres', passwdFile = '/etc/passwd'): PgOsUser | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  let lines: string[] = [];
  try {
    lines = fs.readFileSync(passwdFile, 'utf8').split('\n');
  } catch {
    /* handled below */
  }
  for (const line of lines) {
    const f = line.split(':');
    if (f[0] === wanted && f.length >= 4) return { name: wanted, uid: Number(f[2]), gid: Number(f[3]) };
  }
  throw new UserError(`the harness runs as root and PostgreSQL refuses root: create the '${wanted}' user (apt-get install postgresql creates it) or run as an ordinary user`);
}

/** Command line that runs `file args` as `user` (setpriv execs in place, so the pid stays the server's). */
export function asUser(user: PgOsUser | undefined, file: string, args: string[]): { command: string; args: string[] } {
  if (user === undefined) return { command: file, args };
  return { command: 'setpriv', args: [`--reuid=${user.uid}`, `--regid=${user.gid}`, '--init-groups', '--', file, ...args] };
}
