// Spawns one service detached (its own process group), optionally under taskset, writing its output to its log file.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors/user-error.ts';
import { findOnPath, requireBinary } from '../measure/find-binary.ts';
import { registerGroup } from './child-registry.ts';
import type { NormalizedSpec } from './service-spec.ts';
import type { ExitInfo } from './wait-loop.ts';

export interface SpawnedChild {
  child: ChildProcess;
  pid: number;
  logFile: string;
  /** Size of the log before this child wrote to it (a restarted service appends to the same file). */
  logOffset: number;
  /** Resolves when the child exits (listened for from the moment of spawning, so no exit is missed). */
  exited: Promise<ExitInfo>;
  /** CPU list actually applied with taskset, if any. */
  cpus?: string;
  spawnedAt: number;
}

/** A shell-ish rendering of a command line for the log header. */
const render = (file: string, args: string[]): string =>
  [file, ...args].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');

export async function spawnService(spec: NormalizedSpec, logsDir: string): Promise<SpawnedChild> {
  const cwd = spec.cwd ?? process.cwd();
  const env = { ...process.env, ...spec.env };
  const resolved = requireBinary(spec.command, { pathEnv: env.PATH, cwd });

  let file = resolved;
  let args = spec.args;
  let cpus: string | undefined;
  const taskset = spec.cpus && process.platform === 'linux' ? findOnPath('taskset', { pathEnv: env.PATH }) : undefined;
  if (spec.cpus && taskset) {
    // taskset execs the command in place, so the pid we get is the service's own.
    file = taskset;
    args = ['-c', spec.cpus, resolved, ...spec.args];
    cpus = spec.cpus;
  }

  fs.mkdirSync(logsDir, { recursive: true });
  const logFile = path.join(logsDir, `${spec.name}.log`);
  const fd = fs.openSync(logFile, 'a');
  let child: ChildProcess;
  let logOffset: number;
  try {
    fs.writeSync(fd, `# scaleladder ${new Date().toISOString()} starting ${spec.name}: ${render(file, args)}\n`);
    logOffset = fs.fstatSync(fd).size;
    // The child writes to the file itself (O_APPEND, shared by stdout and stderr): nothing is lost if we crash,
    // and the harness (the load generator's core) spends no CPU pumping a chatty child's output.
    child = spawn(file, args, { cwd, env, detached: true, stdio: ['ignore', fd, fd] });
  } finally {
    fs.closeSync(fd);
  }

  const spawnedAt = Date.now();
  const exited = new Promise<ExitInfo>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  try {
    await once(child, 'spawn');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new UserError(`${spec.name}: could not start ${resolved} (${e.code ?? e.message}): check the binary and its permissions`, {
      cause: err,
    });
  }
  const pid = child.pid;
  if (pid === undefined) throw new UserError(`${spec.name}: could not start ${resolved}: no pid was assigned`);
  registerGroup(pid);
  // We signal by process group, never through child.kill(); a late 'error' must not crash the harness.
  child.on('error', () => {});
  // Our event loop does not wait for the child; the exit hook kills it if we leave without stopping it.
  child.unref();
  return { child, pid, logFile, logOffset, exited, cpus, spawnedAt };
}
