// Launch spec of one app process (targets/app/server.ts through tsx), as the balancer stacks boot N of them.
import { nodeTsCommand } from './node-ts-command.ts';
import type { ServiceSpec } from '../supervisor/service-spec.ts';
import { Wait } from '../supervisor/wait.ts';

export interface AppProcessOptions {
  /** Service name, also the app's instance id (its `X-Upstream` header) and the balancer's server id, e.g. 'app-2'. */
  name: string;
  /** SQLite file shared by every app process of the stage (WAL). Give this or `dbDir`. */
  dbPath?: string;
  /** Stage 5: folder of the shard files shared by every app process (`--db-dir`); replaces `dbPath`. */
  dbDir?: string;
  /** Stage 5: shard files in `dbDir` (`--shards`, default 1). */
  shards?: number;
  adminToken: string;
  /** Port to listen on; 0 lets the app pick (then the supervisor reads it from the ready line). Give a fixed one to restart an app in place. */
  port?: number;
  cpus?: string;
  /** More server.ts flags, e.g. ['--stage', '3', '--redis-url', url] once the app takes them. */
  extraArgs?: string[];
}

export function appProcessSpec(o: AppProcessOptions): ServiceSpec {
  const { name, dbPath, dbDir, shards = 1, adminToken, port = 0, cpus, extraArgs = [] } = o;
  // On PostgreSQL the store is --pg-url (or --pg-shard-urls) in extraArgs, and neither SQLite flag is given.
  const onPg = extraArgs.includes('--pg-url') || extraArgs.includes('--pg-shard-urls');
  if (onPg ? dbPath !== undefined || dbDir !== undefined : (dbPath === undefined) === (dbDir === undefined)) {
    throw new TypeError(`${name}: give exactly one of dbPath (one SQLite file), dbDir (shard folder) or --pg-url in extraArgs`);
  }
  const store = onPg ? [] : dbDir !== undefined ? ['--db-dir', dbDir, '--shards', String(shards)] : ['--db', dbPath!];
  const cmd = nodeTsCommand('targets/app/server.ts', ['--port', String(port), ...store, '--admin-token', adminToken, '--instance-id', name, ...extraArgs]);
  return {
    name,
    role: 'app',
    command: cmd.command,
    args: cmd.args,
    cpus,
    ...(port !== 0 ? { port } : {}),
    ready: Wait.forLogLine(/scaleladder-app listening on (http:\/\/\S+)/),
    readyTimeoutMs: 20_000,
  };
}
