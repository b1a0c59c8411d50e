// Stages as data: the ladder's compositions, --with/--without, what faults a composition takes, the scale model's plan.
import { cpus } from 'node:os';
import { describe, expect, it } from 'vitest';
import { composeStage, describeComposition, STAGE_DEFINITIONS } from '../../harness/stages/stage-definitions.ts';
import { appFlagArgs } from '../../harness/services/app-flags.ts';
import { resolveFaults } from '../../harness/faults/resolve-faults.ts';
import { stagesFor } from '../../harness/faults/fault-spec.ts';
import { normalizeBenchOptions } from '../../harness/bench/bench-options.ts';
import { planSteps } from '../../harness/bench/plan-steps.ts';
import { fewerMachinesFlags, isUnconstrained, modelScale, plannedMachines, roleBudget } from '../../harness/bench/scale-model.ts';
import { STAGE_TOPOLOGY_DEFAULTS } from '../../harness/stages/stage-topology.ts';
import { checkFit } from '../../harness/machines/index.ts';

describe('the ladder as data', () => {
  it('each rung is the one below plus its change', () => {
    expect(STAGE_DEFINITIONS.map((d) => d.stage)).toEqual([1, 2, 3, 4, 5]);
    expect(composeStage(1).components).toEqual(['sqlite']);
    expect(composeStage(2).components).toEqual(['sqlite', 'redis']);
    expect(composeStage(3).has('balancer')).toBe(true);
    expect(composeStage(4).has('cdn')).toBe(true);
    const s5 = composeStage(5);
    expect(s5.has('redis-cluster') && s5.has('shards') && s5.has('write-behind')).toBe(true);
    expect(s5.has('redis') || s5.has('sqlite')).toBe(false);
  });

  it('--with and --without edit a stage, replacing what a part excludes', () => {
    const c = composeStage(3, [], ['local-lru']);
    expect(c.has('local-lru')).toBe(false);
    expect(describeComposition(c)).toBe('stage 3 without local-lru');
    const d = composeStage(2, ['redis-cluster']);
    expect(d.has('redis')).toBe(false);
    expect(d.has('redis-cluster')).toBe(true);
    expect(composeStage(4, [], ['cdn']).components).toEqual(composeStage(3).components);
  });

  it('refuses a part that lacks what it needs, or an edit that makes no sense, in one line naming the flag', () => {
    expect(() => composeStage(3, [], ['redis'])).toThrow(/local-lru needs redis or redis-cluster: add it with --with redis or drop local-lru with --without local-lru/);
    expect(() => composeStage(1, [], ['cdn'])).toThrow(/--without cdn: stage 1 has no cdn/);
    expect(() => composeStage(3, ['balancer'])).toThrow(/already has balancer/);
    expect(() => composeStage(3, ['cdn'], ['cdn'])).toThrow(/contradict/);
    expect(() => normalizeBenchOptions({ stage: 3, without: 'lru' })).toThrow(/--without: unknown component "lru"/);
  });

  it('faults ask the composition what it has, never the stage number', () => {
    const base = { stage: 3, stepDurationS: 6, driver: 'open' };
    expect(() => resolveFaults(['origin-down'], { ...base, has: composeStage(3).has })).toThrow(/needs a CDN/);
    expect(resolveFaults(['origin-down'], { ...base, has: composeStage(3, ['cdn']).has })).toHaveLength(1);
    expect(() => resolveFaults(['stop-redis'], { ...base, has: composeStage(3, [], ['local-lru', 'redis']).has })).toThrow(/needs Redis/);
    expect(stagesFor('kill-app')).toBe('3, 4 or 5');
  });
});

describe('typed app flags', () => {
  it('sets only the flags the composition implies', () => {
    expect(appFlagArgs({ stage: 1, writeBehind: false })).toEqual(['--stage', '1', '--sync-clicks']);
    const a = appFlagArgs({ stage: 5, redisUrl: 'redis-cluster://h:1', localLruSize: 10, writeBehind: true, clickFlushMs: 500, stampedeDefences: false, cacheControl: 'public', cdn: { url: 'http://c', purgeToken: 't' } });
    expect(a.join(' ')).toBe('--stage 5 --redis-url redis-cluster://h:1 --local-lru-size 10 --write-behind --click-flush-ms 500 --no-stampede-defences --cache-control public --cdn-url http://c --cdn-purge-token t');
  });
});

describe('scale model plan', () => {
  it('defaults to 0.1-core machines and 4 apps behind a balancer; none restores the unconstrained fleet', () => {
    const o = normalizeBenchOptions({ stage: 3 });
    expect(o.machines).toEqual({ default: 0.1, byRole: {} });
    expect(o.topology.appProcesses).toBe(4);
    expect(modelScale(o.machines)).toBe(0.1);
    const free = normalizeBenchOptions({ stage: 3, machineCpu: 'none' });
    expect(isUnconstrained(free.machines)).toBe(true);
    expect(free.topology.appProcesses).toBe(Math.max(2, cpus().length));
  });

  it('scales tier rates by the model and says so in the derivation', () => {
    const full = planSteps({ tiersFile: 'loadtests/tiers.json', tiers: ['100k'] });
    const model = planSteps({ tiersFile: 'loadtests/tiers.json', tiers: ['100k'] }, 0.1);
    expect(model[0].rate).toBeCloseTo(full[0].rate * 0.1, 1);
    expect(model[0].derivation).toMatch(/× 0\.1 \(scale model: full size 4040 req\/s\)/);
    expect(planSteps({ tiersFile: 'loadtests/tiers.json', rate: 250 }, 0.1)[0].rate).toBe(250);
  });

  it('stretches the default cache TTLs by 1 ÷ scale under the model, keeps a TTL given explicitly, and leaves unconstrained runs alone', () => {
    const model = normalizeBenchOptions({ stage: 3 });
    expect(model.topology.localLruTtlMs).toBe(50_000);
    expect(model.topology.cacheTtlMs).toBe(3_000_000);
    expect(normalizeBenchOptions({ stage: 3, machineCpu: '0.25' }).topology.localLruTtlMs).toBe(20_000);
    expect(normalizeBenchOptions({ stage: 3, topology: { localLruTtlMs: 5000 } }).topology).toMatchObject({ localLruTtlMs: 5000, cacheTtlMs: 3_000_000 });
    expect(normalizeBenchOptions({ stage: 3, machineCpu: 'none' }).topology).toMatchObject({ localLruTtlMs: 5000, cacheTtlMs: 300_000 });
  });

  it('plans one machine per process of the composition, with per-role budgets', () => {
    const b = { default: 0.1, byRole: { balancer: 0.15 } };
    const m = plannedMachines(composeStage(5), { ...STAGE_TOPOLOGY_DEFAULTS, appProcesses: 4, clusterNodes: 3 }, b);
    expect(m.map((x) => x.name)).toEqual(['cdn', 'app-1', 'app-2', 'app-3', 'app-4', 'redis-node-1', 'redis-node-2', 'redis-node-3', 'nginx']);
    // 4 apps and 3 cluster nodes at 0.1, the balancer at 0.15, the CDN at its default 1.5 machines: stage 5 fills one core.
    expect(m.find((x) => x.name === 'cdn')!.cpu).toBe(0.15);
    expect(m.reduce((a, x) => a + x.cpu, 0)).toBeCloseTo(1.0, 5);
    expect(() => checkFit(m, 1, false)).not.toThrow();
    expect(roleBudget(b, 'balancer')).toBe(0.15);
    expect(plannedMachines(composeStage(1), STAGE_TOPOLOGY_DEFAULTS, b)).toEqual([{ name: 'app-1', role: 'app', cpu: 0.1 }]);
  });

  it('--db postgres puts the postgres component in place of SQLite (stage 5: keeps its shards, one server each, and its write-behind), and plans a db machine per server', () => {
    const s1 = normalizeBenchOptions({ stage: 1, db: 'postgres', topology: { readReplicas: 2 } });
    expect(s1.composition.components).toEqual(['postgres']);
    expect(s1.composition.has('sqlite')).toBe(false);
    expect(describeComposition(s1.composition)).toBe('stage 1 with postgres');
    expect(s1.dbNotice).toBeUndefined();
    const b = { default: 0.1, byRole: {} };
    expect(plannedMachines(s1.composition, s1.topology, b)).toEqual([
      { name: 'app-1', role: 'app', cpu: 0.1 },
      { name: 'pg', role: 'db', cpu: 0.1 },
      { name: 'pg-replica-1', role: 'db', cpu: 0.1 },
      { name: 'pg-replica-2', role: 'db', cpu: 0.1 },
    ]);
    const s5 = normalizeBenchOptions({ stage: 5, db: 'postgres', topology: { shards: 2 } });
    expect(s5.composition.has('sqlite')).toBe(false);
    expect(s5.composition.has('postgres') && s5.composition.has('shards') && s5.composition.has('redis-cluster') && s5.composition.has('write-behind')).toBe(true);
    expect(s5.dbNotice).toBeUndefined();
    // Stage 1 on PostgreSQL takes write-behind when asked.
    expect(normalizeBenchOptions({ stage: 1, db: 'postgres', with: ['write-behind'] }).composition.components).toEqual(['write-behind', 'postgres']);
    // One db machine per shard server, named as startPostgres names them.
    expect(plannedMachines(s5.composition, s5.topology, b).filter((m) => m.role === 'db')).toEqual([
      { name: 'pg-shard-0', role: 'db', cpu: 0.1 },
      { name: 'pg-shard-1', role: 'db', cpu: 0.1 },
    ]);
    // cdn and nginx (1.5 machines each), 4 apps, 3 Redis nodes and 2 shard servers: 1.2 cores on a 1-core set, and the refusal names --shards.
    expect(() => checkFit(plannedMachines(s5.composition, s5.topology, b), 1, false, fewerMachinesFlags(s5.composition))).toThrow(
      /need 1\.2 cores but its CPU set has 1: use a smaller --machine-cpu, fewer --app-processes or --shards, or --allow-oversubscribe/,
    );
    expect(() => normalizeBenchOptions({ stage: 5, db: 'postgres', topology: { readReplicas: 1 } })).toThrow(/^--read-replicas 1 with shards: replicas of PostgreSQL shards are not built; drop --read-replicas, or run without shards \(--without shards\)$/);
    expect(normalizeBenchOptions({ stage: 5, db: 'postgres', without: ['shards'], topology: { readReplicas: 1 } }).composition.has('shards')).toBe(false);
    expect(normalizeBenchOptions({ stage: 2 }).composition.has('postgres')).toBe(false);
    expect(() => normalizeBenchOptions({ stage: 1, topology: { readReplicas: 1 } })).toThrow(/--read-replicas 1 needs --db postgres/);
    expect(() => normalizeBenchOptions({ stage: 1, db: 'mysql' })).toThrow(/--db must be sqlite or postgres \(got "mysql"\)/);
    // Replicas count in the fit check: 4 apps, redis, pg and 4 replicas at 0.1 core and nginx at 0.15 are 1.15 cores on a 1-core set.
    const s3 = normalizeBenchOptions({ stage: 3, db: 'postgres', topology: { appProcesses: 4, readReplicas: 4 } });
    expect(() => checkFit(plannedMachines(s3.composition, s3.topology, b), 1, false)).toThrow(/need 1\.15 cores .* fewer --app-processes or --read-replicas/);
  });
});
