// Resolves a command on PATH before spawning, so a missing system binary is one clear line naming its package.
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors/user-error.ts';

/** Binary → how to install it, per package manager. */
const PACKAGES: Record<string, { apt?: string; brew?: string; url?: string }> = {
  'redis-server': { apt: 'redis-server', brew: 'redis' },
  'redis-cli': { apt: 'redis-tools', brew: 'redis' },
  nginx: { apt: 'nginx', brew: 'nginx' },
  haproxy: { apt: 'haproxy', brew: 'haproxy' },
  k6: { url: 'https://grafana.com/docs/k6/latest/set-up/install-k6/ (see https://k6.io)', brew: 'k6' },
  taskset: { apt: 'util-linux' },
  wrk: { apt: 'wrk', brew: 'wrk' },
  // Debian keeps the server tools in /usr/lib/postgresql/<major>/bin (see harness/services/postgres-binaries.ts).
  postgres: { apt: 'postgresql', brew: 'postgresql' },
  initdb: { apt: 'postgresql', brew: 'postgresql' },
  pg_basebackup: { apt: 'postgresql', brew: 'postgresql' },
  setpriv: { apt: 'util-linux' },
};

function isExecutableFile(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Absolute path of `command` (a name looked up on PATH, or a path relative to cwd), or undefined when absent. */
export function findOnPath(command: string, opts: { pathEnv?: string; cwd?: string } = {}): string | undefined {
  const { pathEnv = process.env.PATH ?? '', cwd = process.cwd() } = opts;
  if (command.includes('/')) {
    const file = path.resolve(cwd, command);
    return isExecutableFile(file) ? file : undefined;
  }
  for (const dir of pathEnv.split(path.delimiter)) {
    if (dir === '') continue;
    const file = path.join(path.resolve(cwd, dir), command);
    if (isExecutableFile(file)) return file;
  }
  return undefined;
}

/** How to install `binary`, as a phrase for an error message. */
export function installHint(binary: string): string {
  const pkg = PACKAGES[binary];
  if (pkg?.url) return `install it (${pkg.url})`;
  if (process.platform === 'darwin' && pkg?.brew) return `install it with 'brew install ${pkg.brew}'`;
  if (pkg?.apt) return `install it with 'apt-get install ${pkg.apt}'`;
  return 'install it or add its folder to PATH';
}

/** Like `findOnPath`, but a missing binary is a UserError naming the package to install. */
export function requireBinary(command: string, opts: { pathEnv?: string; cwd?: string } = {}): string {
  const found = findOnPath(command, opts);
  if (found !== undefined) return found;
  const where = command.includes('/') ? 'not found or not executable' : 'not found on PATH';
  throw new UserError(`${command} ${where}: ${installHint(path.basename(command))} (or run 'scaleladder doctor')`);
}
