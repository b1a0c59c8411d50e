// A harness-owned Redis Cluster: N redis-server nodes in cluster mode, joined by `redis-cli --cluster create`, ready once every node says cluster_state:ok.
import { spawn } from 'node:child_process';
// ioredis (~0.15 CPU-s to load) is imported where a Redis is actually talked to: stage 1 and most runs never need it here.
import type { Redis as RedisClient } from 'ioredis';
import { UserError } from '../errors/user-error.ts';
import { requireBinary } from '../measure/find-binary.ts';
import { freePort } from '../supervisor/free-port.ts';
import type { StartedService } from '../supervisor/started-service.ts';
import type { Supervisor } from '../supervisor/supervisor.ts';
import { redisServerSpec, type RedisEvictionPolicy } from './redis-server.ts';

export interface RedisClusterOptions {
  supervisor: Supervisor;
  /** Run folder: each node's redis.conf and nodes file go here. */
  runDir: string;
  /** Master nodes (default 3; `redis-cli --cluster create` needs at least 3). */
  nodes?: number;
  /** `maxmemory` of each node (default '64mb'). */
  maxmemory?: string;
  /** `maxmemory-policy` of each node (default 'allkeys-lfu'). */
  policy?: RedisEvictionPolicy;
  /** CPU list for taskset (optional). */
  cpus?: string;
  /** Node service names are `<prefix>-1..N` (default 'redis-node'). */
  namePrefix?: string;
  /** Bound on `redis-cli --cluster create`, ms (default 30_000). */
  createTimeoutMs?: number;
  /** Bound on waiting for cluster_state:ok on every node after the create, ms (default 15_000). */
  okTimeoutMs?: number;
  /** The redis-cli binary (default 'redis-cli'; a seam for tests). */
  redisCli?: string;
}

export interface StartedRedisCluster {
  /** The node processes, in port order of `ports`. */
  readonly nodes: StartedService[];
  readonly ports: number[];
  /** What the app's `--redis-url` takes: `redis-cluster://127.0.0.1:p1,127.0.0.1:p2,…`. */
  readonly url: string;
  /** Time from the create command to cluster_state:ok on every node, ms. */
  readonly formMs: number;
  /** Stops every node; safe to call twice. */
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** `redis-cluster://h:p1,h:p2,…` for the given node ports. */
export function clusterUrl(ports: readonly number[], host = '127.0.0.1'): string {
  return `redis-cluster://${ports.map((p) => `${host}:${p}`).join(',')}`;
}

export async function startRedisCluster(o: RedisClusterOptions): Promise<StartedRedisCluster> {
  const { supervisor, runDir, nodes = 3, maxmemory, policy, cpus, namePrefix = 'redis-node', createTimeoutMs = 30_000, okTimeoutMs = 15_000, redisCli = 'redis-cli' } = o;
  if (!Number.isInteger(nodes) || nodes < 3 || nodes > 64) throw new RangeError(`nodes must be an integer between 3 and 64 (a cluster needs 3 masters), got ${nodes}`);
  const cli = requireBinary(redisCli);
  const started: StartedService[] = [];
  const stopAll = async () => {
    for (const s of [...started].reverse()) await s.stop();
  };
  try {
    // Bus ports are picked too: port + 10000 may be above 65535 for an ephemeral port.
    const specs = [];
    for (let i = 1; i <= nodes; i++) {
      const spec = redisServerSpec({ name: `${namePrefix}-${i}`, port: await freePort(), clusterBusPort: await freePort(), runDir, maxmemory, policy, cpus, cluster: true });
      specs.push(spec);
    }
    const results = await Promise.allSettled(specs.map((s) => supervisor.start(s)));
    for (const r of results) if (r.status === 'fulfilled') started.push(r.value);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    const ports = started.map((s) => s.port!);
    const t0 = performance.now();
    try {
      await createRedisCluster(ports, { redisCli: cli, timeoutMs: createTimeoutMs });
      await waitClusterOk(ports, okTimeoutMs);
    } catch (e) {
      if (e instanceof UserError) throw new UserError(`${e.message}; node logs in ${supervisor.logsDir}`, { timedOut: e.timedOut, cause: e });
      throw e;
    }
    const formMs = performance.now() - t0;
    let stopping: Promise<void> | undefined;
    const stop = () => (stopping ??= stopAll());
    return { nodes: started, ports, url: clusterUrl(ports), formMs, stop, [Symbol.asyncDispose]: stop };
  } catch (e) {
    await stopAll();
    throw e;
  }
}

export interface CreateClusterOptions {
  /** Default 'redis-cli'. */
  redisCli?: string;
  /** Kill redis-cli and fail after this many ms (default 30_000). */
  timeoutMs?: number;
  host?: string;
}

/**
 * Runs `redis-cli --cluster create h:p1 … --cluster-replicas 0 --cluster-yes`. Any failure (exit code, signal,
 * timeout) is a one-line UserError carrying the last lines redis-cli printed.
 */
export function createRedisCluster(ports: readonly number[], options: CreateClusterOptions = {}): Promise<void> {
  const { redisCli = 'redis-cli', timeoutMs = 30_000, host = '127.0.0.1' } = options;
  const args = ['--cluster', 'create', ...ports.map((p) => `${host}:${p}`), '--cluster-replicas', '0', '--cluster-yes'];
  return new Promise((resolve, reject) => {
    let output = '';
    let timedOut = false;
    const child = spawn(redisCli, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    const fail = (why: string) =>
      reject(new UserError(`redis cluster create failed (${why}): ${summarize(output) || 'no output'} (command: ${redisCli} ${args.join(' ')})`, { timedOut }));
    child.once('error', (e) => {
      clearTimeout(timer);
      fail(e.message);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) return fail(`no answer after ${timeoutMs} ms`);
      if (code !== 0) return fail(signal ? `killed by ${signal}` : `exit code ${code}`);
      // redis-cli exits 0 after some refusals too; it prints [ERR] / ERROR lines then.
      if (/\[ERR\]|\*\*\* ERROR/.test(output)) return fail('redis-cli reported an error');
      resolve();
    });
  });
}

/** Polls `CLUSTER INFO` on every node until each says cluster_state:ok; UserError naming the nodes that did not. */
export async function waitClusterOk(ports: readonly number[], timeoutMs = 15_000, host = '127.0.0.1'): Promise<void> {
  const { Redis } = await import('ioredis');
  const clients: RedisClient[] = ports.map((port) => new Redis({ host, port, lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1000, commandTimeout: 1000, retryStrategy: () => 100 }));
  for (const c of clients) c.on('error', () => {});
  const deadline = performance.now() + timeoutMs;
  const states = new Map<number, string>();
  try {
    for (;;) {
      await Promise.all(
        clients.map(async (c, i) => {
          try {
            if (c.status === 'wait') await c.connect();
            const info = String(await c.cluster('INFO'));
            states.set(ports[i], /cluster_state:(\w+)/.exec(info)?.[1] ?? 'unknown');
          } catch (e) {
            states.set(ports[i], `error: ${(e as Error).message}`);
          }
        }),
      );
      const notOk = ports.filter((p) => states.get(p) !== 'ok');
      if (notOk.length === 0) return;
      if (performance.now() >= deadline) {
        throw new UserError(`redis cluster not ready after ${timeoutMs} ms: ${notOk.map((p) => `${host}:${p} cluster_state:${states.get(p)}`).join(', ')}`, { timedOut: true });
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    for (const c of clients) c.disconnect();
  }
}

/** The meaningful lines of redis-cli's output, colour codes stripped, joined into one line (at most ~400 chars). */
function summarize(output: string): string {
  // eslint-disable-next-line no-control-regex
  const lines = output.replace(/\x1b\[[0-9;]*m/g, '').split('\n').map((l) => l.trim()).filter(Boolean);
  const errors = lines.filter((l) => /ERR|error|Could not|refused|not /i.test(l));
  const text = (errors.length ? errors : lines.slice(-3)).join(' | ');
  return text.length > 400 ? `${text.slice(0, 400)}…` : text;
}
