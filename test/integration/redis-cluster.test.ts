// A harness-owned Redis Cluster: 3 real nodes joined by redis-cli, the cache-aside reader and the invalidation bus on it, clean stop, and a failed create as one line.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../harness/errors/user-error.ts';
import { createRedisCluster, startRedisCluster, type StartedRedisCluster } from '../../harness/services/redis-cluster.ts';
import { redisServerSpec } from '../../harness/services/redis-server.ts';
import { freePort } from '../../harness/supervisor/free-port.ts';
import { Supervisor } from '../../harness/supervisor/supervisor.ts';
import { createLinkCache } from '../../targets/cache/create-link-cache.ts';

interface L {
  id: number;
  code: string;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

let runDir: string;
let supervisor: Supervisor;
let cluster: StartedRedisCluster;

beforeAll(async () => {
  runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleladder-rcluster-'));
  supervisor = new Supervisor({ runDir });
  cluster = await startRedisCluster({ supervisor, runDir, maxmemory: '16mb' });
}, 60_000);
afterAll(async () => {
  await supervisor.stopAll();
  fs.rmSync(runDir, { recursive: true, force: true });
});

describe('given a Redis Cluster started by the harness', () => {
  it('then 3 cluster-mode nodes from generated configs (loopback, no persistence, maxmemory, allkeys-lfu) all say cluster_state:ok', async () => {
    expect(cluster.nodes).toHaveLength(3);
    expect(cluster.url).toBe(`redis-cluster://${cluster.ports.map((p) => `127.0.0.1:${p}`).join(',')}`);
    for (const port of cluster.ports) {
      const c = new Redis({ port, lazyConnect: true });
      await c.connect();
      try {
        const get = async (k: string) => ((await c.config('GET', k)) as string[])[1];
        expect(String(await c.cluster('INFO'))).toMatch(/cluster_state:ok/);
        expect(await get('cluster-enabled')).toBe('yes');
        expect(await get('bind')).toBe('127.0.0.1');
        expect(await get('save')).toBe('');
        expect(await get('appendonly')).toBe('no');
        expect(await get('maxmemory')).toBe(String(16 * 1024 * 1024));
        expect(await get('maxmemory-policy')).toBe('allkeys-lfu');
      } finally {
        c.disconnect();
      }
    }
    for (const n of cluster.nodes) expect(fs.existsSync(path.join(runDir, `${n.name}-nodes.conf`))).toBe(true);
  });

  it('when two app caches read through it, then keys spread over every node, fills are shared, and a delete reaches the other process over pub/sub', async () => {
    const rows = new Map<string, L>(Array.from({ length: 300 }, (_, i) => [`code${i}`, { id: i, code: `code${i}` }]));
    let sourceReads = 0;
    const source = { getByCode: (code: string) => (sourceReads++, rows.get(code)) };
    const a = await createLinkCache<L>(source, { redisUrl: cluster.url, local: { maxEntries: 1000, ttlMs: 60_000 } });
    const b = await createLinkCache<L>(source, { redisUrl: cluster.url, local: { maxEntries: 1000, ttlMs: 60_000 } });
    try {
      expect(a.redisReadyAtStart).toBe(true);
      for (const code of rows.keys()) expect(await a.reader.get(code)).toEqual(rows.get(code));
      expect(sourceReads).toBe(300);
      // b finds a's fills in the cluster: no more source reads.
      for (const code of rows.keys()) expect(await b.reader.get(code)).toEqual(rows.get(code));
      expect(sourceReads).toBe(300);
      expect(b.counters().redis.hits).toBe(300);
      // Every master holds part of the keys.
      const sizes = await Promise.all(cluster.ports.map(async (port) => {
        const c = new Redis({ port });
        try {
          return await c.dbsize();
        } finally {
          c.disconnect();
        }
      }));
      for (const n of sizes) expect(n).toBeGreaterThan(30);
      // Delete through a: b's local LRU drops the code through the bus (published on one node, subscribed on another maybe).
      rows.delete('code7');
      await a.reader.invalidate('code7');
      await new Promise((r) => setTimeout(r, 200));
      expect(await b.reader.get('code7')).toBeUndefined();
      expect(a.counters().redis.redisErrors).toBe(0);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('when stopped, then every node process is gone (twice is fine)', async () => {
    const pids = cluster.nodes.map((n) => n.pid);
    await cluster.stop();
    await cluster.stop();
    for (const pid of pids) expect(alive(pid)).toBe(false);
  });
});

describe('cluster creation failures', () => {
  it('given nodes not in cluster mode, when the cluster is created, then the error is one line naming what redis-cli said', async () => {
    const ports: number[] = [];
    for (let i = 1; i <= 3; i++) {
      const svc = await supervisor.start(redisServerSpec({ name: `plain-${i}`, port: await freePort(), runDir }));
      ports.push(svc.port!);
    }
    const err = await createRedisCluster(ports, { timeoutMs: 10_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    const message = (err as UserError).message;
    expect(message).not.toContain('\n');
    expect(message).toMatch(/^redis cluster create failed/);
    expect(message).toMatch(/not configured as a cluster node/);
    console.log(message);
  }, 30_000);

  it('given fewer than 3 nodes, then it refuses before starting anything', async () => {
    await expect(startRedisCluster({ supervisor, runDir, nodes: 2 })).rejects.toThrow(/nodes must be an integer between 3 and 64/);
  });

  it('given a redis-cli that cannot be found, then the error names the package to install', async () => {
    await expect(startRedisCluster({ supervisor, runDir, redisCli: 'redis-cli-missing-xyz' })).rejects.toThrow(/redis-cli-missing-xyz not found on PATH/);
  });
});
