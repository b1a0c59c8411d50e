// Stage-5 settings: app flags and rules (shards need a folder, write-behind by stage), cluster URLs, cluster redis.conf, topology flags.
import { describe, expect, it } from 'vitest';
import { normalizeTopology } from '../../harness/bench/bench-options.ts';
import { clusterUrl } from '../../harness/services/redis-cluster.ts';
import { redisConf } from '../../harness/services/redis-server.ts';
import { shardFigures } from '../../harness/stages/shard-figures.ts';
import { STAGE_TOPOLOGY_DEFAULTS } from '../../harness/stages/stage-topology.ts';
import { AppConfigError, resolveAppConfig } from '../../targets/app/config.ts';
import { ArgsError, parseServerArgs } from '../../targets/app/server-args.ts';
import { parseClusterUrl } from '../../targets/cache/redis-client.ts';

describe('app config for stage 5', () => {
  it('given the stage-5 flags, then they parse into dbDir, shards, writeBehind and clickFlushMs', () => {
    const c = parseServerArgs(['--db-dir', '/tmp/s', '--shards', '4', '--write-behind', '--click-flush-ms', '500', '--redis-url', 'redis-cluster://127.0.0.1:7001,127.0.0.1:7002']);
    expect(c).toMatchObject({ dbDir: '/tmp/s', shards: 4, writeBehind: true, clickFlushMs: 500 });
    expect(resolveAppConfig(c).redisUrl).toBe('redis-cluster://127.0.0.1:7001,127.0.0.1:7002');
    expect(parseServerArgs(['--sync-clicks']).writeBehind).toBe(false);
    expect(() => parseServerArgs(['--write-behind', '--sync-clicks'])).toThrow(ArgsError);
  });

  it('given no click flag, then write-behind is on from stage 5 and off before; an explicit value wins', () => {
    expect(resolveAppConfig({}).writeBehind).toBe(false);
    expect(resolveAppConfig({ stage: 3 }).writeBehind).toBe(false);
    expect(resolveAppConfig({ stage: 5 }).writeBehind).toBe(true);
    expect(resolveAppConfig({ stage: 5, writeBehind: false }).writeBehind).toBe(false);
    expect(resolveAppConfig({ stage: 1, writeBehind: true }).writeBehind).toBe(true);
    expect(resolveAppConfig({}).clickFlushMs).toBe(1000);
  });

  it('rejects shards without a folder, a bad flush interval and a malformed cluster URL, naming the rule', () => {
    expect(() => resolveAppConfig({ shards: 4 })).toThrow(/needs dbDir \(--db-dir\)/);
    expect(() => resolveAppConfig({ dbDir: '/tmp/x', shards: 0 })).toThrow(/shards must be an integer between 1 and 1024/);
    expect(() => resolveAppConfig({ clickFlushMs: 0 })).toThrow(AppConfigError);
    expect(() => resolveAppConfig({ redisUrl: 'redis-cluster://nohost' })).toThrow(/redis-cluster:\/\/host:p1/);
  });
});

describe('cluster URLs', () => {
  it('round-trips seed nodes through redis-cluster://', () => {
    const url = clusterUrl([7001, 7002, 7003]);
    expect(url).toBe('redis-cluster://127.0.0.1:7001,127.0.0.1:7002,127.0.0.1:7003');
    expect(parseClusterUrl(url)).toEqual([7001, 7002, 7003].map((port) => ({ host: '127.0.0.1', port })));
    expect(parseClusterUrl('redis://127.0.0.1:6379')).toBeUndefined();
  });
});

describe('redis.conf of a cluster node', () => {
  it('adds cluster mode, its own nodes file and bus port; a plain node has none of it', () => {
    const base = { port: 7001, maxmemory: '64mb', policy: 'allkeys-lfu' as const, dir: '/tmp/run' };
    const conf = redisConf({ ...base, cluster: { configFile: '/tmp/run/redis-node-1-nodes.conf', busPort: 40001 } });
    expect(conf).toContain('cluster-enabled yes');
    expect(conf).toContain('cluster-config-file "/tmp/run/redis-node-1-nodes.conf"');
    expect(conf).toContain('cluster-port 40001');
    expect(conf).toContain('maxmemory-policy allkeys-lfu');
    expect(conf).toContain('save ""');
    expect(redisConf(base)).not.toContain('cluster');
  });
});

describe('stage-5 topology and figures', () => {
  it('defaults to 4 shards, 3 cluster nodes, 1 s flushes, and refuses out-of-range values with the flag name', () => {
    expect(STAGE_TOPOLOGY_DEFAULTS).toMatchObject({ shards: 4, clusterNodes: 3, clickFlushMs: 1000 });
    expect(normalizeTopology({ shards: 2 }).shards).toBe(2);
    expect(() => normalizeTopology({ shards: 0 })).toThrow(/--shards must be a whole number between 1 and 64/);
    expect(() => normalizeTopology({ clusterNodes: 2 })).toThrow(/--cluster-nodes/);
  });

  it('given per-shard write counters before and after a step, then max, min, mean and skew of the step’s writes', () => {
    const before = { 'shardWrites.0': 10, 'shardWrites.1': 10, clickFlushes: 1, clicksFlushed: 5, clicksPending: 3 };
    const after = { 'shardWrites.0': 130, 'shardWrites.1': 90, clickFlushes: 4, clicksFlushed: 505, clicksPending: 7 };
    expect(shardFigures(before, after)).toEqual({
      shards: 2,
      shardWritesMax: 120,
      shardWritesMin: 80,
      shardWritesMean: 100,
      shardWriteSkew: 1.2,
      clickFlushes: 3,
      clicksFlushed: 500,
      clicksPending: 7,
    });
  });
});
