// Enforcement is chosen in order (cgroup2 → cgroup1 → systemd-scope → none) by probes that only look, and the fleet says why in one line.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../harness/errors/user-error.ts';
import { probeCgroupV1 } from '../../harness/machines/cgroup-v1.ts';
import { probeCgroupV2 } from '../../harness/machines/cgroup-v2.ts';
import type { FleetBackend, Probe } from '../../harness/machines/fleet-backend.ts';
import { fleetName, ownerAlive, parseFleetName } from '../../harness/machines/fleet-names.ts';
import { registeredFleets } from '../../harness/machines/fleet-registry.ts';
import { openFleet, scaleModelRecord, scopePrefix, type Enforcement } from '../../harness/machines/index.ts';
import { probeSystemdScope } from '../../harness/machines/systemd-scope.ts';

/** An in-memory backend that records what the fleet asked of it. */
function fakeBackend(enforcement: Enforcement, log: string[], opts: { failOpen?: boolean; prefix?: string[] } = {}): FleetBackend {
  return {
    enforcement,
    detail: `fake ${enforcement}`,
    open(runName) {
      if (opts.failOpen) throw new Error('EACCES: permission denied');
      log.push(`open ${enforcement} ${runName}`);
      return {
        createMachine(name, q) {
          log.push(`create ${name} ${q.quotaUs}/${q.periodUs}`);
          return {
            add: (pids) => void log.push(`add ${name} ${pids.join(',')}`),
            stat: () => ({ nrPeriods: 1, nrThrottled: 0, throttledUs: 0 }),
            spawnPrefix: () => opts.prefix ?? [],
            removeSync: () => true,
            remove: async () => (log.push(`remove ${name}`), true),
          };
        },
        removeSync: () => true,
        remove: async () => (log.push('remove fleet'), true),
      };
    },
  };
}

const probesFor = (log: string[], available: Partial<Record<Enforcement, boolean | 'failOpen'>>): Record<Enforcement, Probe> => {
  const make = (e: Enforcement): Probe => () => {
    log.push(`probe ${e}`);
    const a = available[e];
    return a ? { available: true, backend: fakeBackend(e, log, { failOpen: a === 'failOpen' }) } : { available: false, reason: `no ${e} here` };
  };
  return { cgroup2: make('cgroup2'), cgroup1: make('cgroup1'), 'systemd-scope': make('systemd-scope'), none: make('none') };
};

const opened: { removeAll(): Promise<void> }[] = [];
afterEach(async () => {
  for (const f of opened.splice(0)) await f.removeAll();
});
const open = (runId: string, o: Parameters<typeof openFleet>[1]) => {
  const f = openFleet(runId, { removeStale: false, ...o });
  opened.push(f);
  return f;
};

describe('given injected probes', () => {
  it('when every enforcement is available, then cgroup2 wins and nothing else is probed', () => {
    const log: string[] = [];
    const f = open('order-1', { probes: probesFor(log, { cgroup2: true, cgroup1: true, 'systemd-scope': true, none: true }) });
    expect(f.enforcement).toBe('cgroup2');
    expect(log).toEqual(['probe cgroup2', `open cgroup2 ${f.runName}`]);
    expect(f.reason).toBe('cgroup2: fake cgroup2, period 10 ms');
  });

  it('when cgroup2 is missing, then cgroup1 is used and the reason says why cgroup2 was not', () => {
    const log: string[] = [];
    const f = open('order-2', { probes: probesFor(log, { cgroup1: true, 'systemd-scope': true }) });
    expect(f.enforcement).toBe('cgroup1');
    expect(log.filter((l) => l.startsWith('probe'))).toEqual(['probe cgroup2', 'probe cgroup1']);
    expect(f.reason).toBe('cgroup1: fake cgroup1, period 10 ms (not cgroup2: no cgroup2 here)');
  });

  it('when only a user systemd is there, then systemd-scope is used and machines get a spawn prefix instead of add()', () => {
    const log: string[] = [];
    const probes = probesFor(log, {});
    probes['systemd-scope'] = () => ({ available: true, backend: fakeBackendWithPrefix(log) });
    const f = open('order-3', { probes });
    expect(f.enforcement).toBe('systemd-scope');
    const m = f.create({ name: 'app-1', role: 'app', cpu: 0.1 });
    expect(scopePrefix(m)).toEqual(['systemd-run', '--user', '--scope']);
  });

  it('when a probe says available but the group cannot be created, then the next enforcement is tried', () => {
    const log: string[] = [];
    const f = open('order-4', { probes: probesFor(log, { cgroup2: 'failOpen', cgroup1: true }) });
    expect(f.enforcement).toBe('cgroup1');
    expect(f.reason).toContain('not cgroup2: cannot create scaleladder-order-4-');
    expect(f.reason).toContain('EACCES');
  });

  it('when nothing works, then the machines run unconstrained and the one-line reason lists why each was not used', () => {
    const log: string[] = [];
    const f = open('order-5', { probes: probesFor(log, { none: true }) });
    expect(f.enforcement).toBe('none');
    expect(f.reason).toBe('machines run unconstrained: no CPU budget is enforced (not cgroup2: no cgroup2 here; cgroup1: no cgroup1 here; systemd-scope: no systemd-scope here)');
    expect(f.reason).not.toContain('\n');
    const m = f.create({ name: 'app-1', role: 'app', cpu: 0.1 });
    expect(m).toMatchObject({ enforcement: 'none', quotaUs: 1_000, periodUs: 10_000 });
    expect(scopePrefix(m)).toEqual([]);
  });

  it('when prefer lists an order, then only those are tried, in that order, with none as the last resort', () => {
    const log: string[] = [];
    const f = open('order-6', { prefer: ['systemd-scope', 'cgroup1'], probes: probesFor(log, { cgroup2: true, none: true }) });
    expect(log.filter((l) => l.startsWith('probe'))).toEqual(['probe systemd-scope', 'probe cgroup1', 'probe none']);
    expect(f.enforcement).toBe('none');
    const asked = open('order-7', { prefer: ['none'], probes: probesFor([], { cgroup2: true, none: true }) });
    expect(asked.reason).toBe('machines run unconstrained: no CPU budget is enforced (as asked)');
  });

  it('records quota and period per machine, refuses duplicate names and budgets the kernel cannot enforce, and removes everything once', async () => {
    const log: string[] = [];
    const f = openFleet('order-8', { removeStale: false, periodUs: 20_000, probes: probesFor(log, { cgroup1: true }) });
    expect(registeredFleets()).toContain(f.runName);
    const a = f.create({ name: 'app-1', role: 'app', cpu: 0.1 });
    const s = f.create({ name: 'slow', role: 'db', cpu: 0.02 });
    expect([a.quotaUs, a.periodUs, s.quotaUs, s.periodUs]).toEqual([2_000, 20_000, 1_000, 50_000]);
    expect(() => f.create({ name: 'app-1', role: 'app', cpu: 0.1 })).toThrow(UserError);
    expect(() => f.create({ name: 'tiny', role: 'app', cpu: 0.0001 })).toThrow(/at least 0\.001 core/);
    a.add([1234]);
    expect(f.machines().map((m) => m.name)).toEqual(['app-1', 'slow']);
    expect(scaleModelRecord(f, 0.1, false)).toEqual({
      enforcement: 'cgroup1',
      reason: 'cgroup1: fake cgroup1, period 20 ms (not cgroup2: no cgroup2 here)',
      periodUs: 20_000,
      scale: 0.1,
      machines: [{ name: 'app-1', role: 'app', cpu: 0.1 }, { name: 'slow', role: 'db', cpu: 0.02 }],
      oversubscribed: false,
    });
    expect(() => openFleet('order-8', { removeStale: false, probes: probesFor([], { cgroup1: true }) })).toThrow(/already open/);
    await f.removeAll();
    await f.removeAll();
    expect(log.filter((l) => l.startsWith('remove'))).toEqual(['remove app-1', 'remove slow', 'remove fleet']);
    expect(registeredFleets()).not.toContain(f.runName);
    expect(f.machines()).toEqual([]);
  });
});

function fakeBackendWithPrefix(log: string[]): FleetBackend {
  return fakeBackend('systemd-scope', log, { prefix: ['systemd-run', '--user', '--scope'] });
}

describe('the real probes, on fake hosts, only look', () => {
  let dir: string;
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const fakeGroup = (controllers: string, subtree: string): string => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'machines-probe-'));
    fs.writeFileSync(path.join(dir, 'cgroup.controllers'), controllers);
    fs.writeFileSync(path.join(dir, 'cgroup.subtree_control'), subtree);
    return dir;
  };

  it('cgroup2 needs the cpu controller enabled for subgroups of a writable group', () => {
    expect(probeCgroupV2({ dir: fakeGroup('cpuset cpu io memory', 'cpu memory') })).toMatchObject({ available: true, backend: { enforcement: 'cgroup2' } });
    expect(probeCgroupV2({ dir: fakeGroup('io memory', '') })).toEqual({ available: false, reason: `${dir} has no cpu controller (cgroup.controllers: io memory)` });
    expect(probeCgroupV2({ dir: fakeGroup('cpu io', 'io') })).toEqual({ available: false, reason: `cpu is not enabled for subgroups of ${dir} (cgroup.subtree_control)` });
    expect(fs.readdirSync(dir).sort()).toEqual(['cgroup.controllers', 'cgroup.subtree_control']); // nothing created
    expect(probeCgroupV2(undefined, [])).toEqual({ available: false, reason: 'no cgroup2 is mounted' });
  });

  it('cgroup2 writes +cpu for the fleet group, cpu.max "quota period" per machine, moves pids by cgroup.procs and reads cpu.stat in µs', () => {
    const found = probeCgroupV2({ dir: fakeGroup('cpu io', 'cpu'), tasksTo: '/nonexistent' });
    if (!found.available) throw new Error(found.reason);
    const fleet = found.backend.open('scaleladder-v2-pid1-t1');
    const fleetDir = path.join(dir, 'scaleladder-v2-pid1-t1');
    expect(fs.readFileSync(path.join(fleetDir, 'cgroup.subtree_control'), 'utf8')).toBe('+cpu');
    const m = fleet.createMachine('app-1', { quotaUs: 1_500, periodUs: 10_000 });
    expect(fs.readFileSync(path.join(fleetDir, 'app-1', 'cpu.max'), 'utf8')).toBe('1500 10000');
    m.add([4242]);
    expect(fs.readFileSync(path.join(fleetDir, 'app-1', 'cgroup.procs'), 'utf8')).toBe('4242');
    fs.writeFileSync(path.join(fleetDir, 'app-1', 'cpu.stat'), 'usage_usec 812345\nuser_usec 800000\nsystem_usec 12345\nnr_periods 300\nnr_throttled 120\nthrottled_usec 650000\n');
    expect(m.stat()).toEqual({ nrPeriods: 300, nrThrottled: 120, throttledUs: 650_000, usageUs: 812_345 });
  });

  it('cgroup1 needs a writable cpu hierarchy with CFS quotas', () => {
    expect(probeCgroupV1(undefined, [])).toEqual({ available: false, reason: 'no cgroup v1 cpu hierarchy is mounted' });
    expect(probeCgroupV1(undefined, [{ dir: '/sys/fs/cgroup/cpu', type: 'cgroup', options: ['ro', 'cpu'], readOnly: true }])).toEqual({
      available: false,
      reason: '/sys/fs/cgroup/cpu is mounted read-only',
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'machines-probe-'));
    expect(probeCgroupV1({ cpuDir: dir, cpuacctDir: null })).toEqual({ available: false, reason: `${dir} has no cpu.cfs_quota_us (kernel without CFS bandwidth control)` });
    fs.writeFileSync(path.join(dir, 'cpu.cfs_quota_us'), '-1');
    expect(probeCgroupV1({ cpuDir: dir, cpuacctDir: null })).toMatchObject({ available: true, backend: { enforcement: 'cgroup1', detail: `cpu.cfs_quota_us under ${dir}` } });
  });

  it('systemd-scope runs a throw-away scope and reports the first line of what went wrong', () => {
    const calls: string[][] = [];
    const fail = ((cmd: string, args: string[]) => {
      calls.push([cmd, ...args]);
      return { status: 1, stderr: 'Failed to connect to bus: No medium found\nmore', error: undefined };
    }) as never;
    expect(probeSystemdScope(fail)).toEqual({ available: false, reason: 'systemd-run --user --scope failed: Failed to connect to bus: No medium found' });
    expect(calls[0]).toEqual(['systemd-run', '--user', '--scope', '--quiet', '--collect', '-p', 'CPUQuota=10%', 'true']);
    const ok = (() => ({ status: 0, stderr: '' })) as never;
    const found = probeSystemdScope(ok);
    expect(found.available).toBe(true);
    if (!found.available) return;
    const m = found.backend.open('scaleladder-x-pid1-t1').createMachine('app-1', { quotaUs: 1_500, periodUs: 10_000 });
    expect(m.spawnPrefix()).toEqual(['systemd-run', '--user', '--scope', '--quiet', '--collect', '--unit=scaleladder-x-pid1-t1-app-1.scope', '-p', 'CPUQuota=15%', '-p', 'CPUQuotaPeriodSec=10ms']);
    expect(() => m.add([1])).toThrow(/launch it with scopePrefix/);
  });
});

describe('fleet names', () => {
  it('carry the run id and the owning harness, and only such names parse', () => {
    const name = fleetName('20261203T100000Z stage/3');
    const owner = parseFleetName(name);
    expect(name).toMatch(new RegExp(`^scaleladder-20261203T100000Z_stage_3-pid${process.pid}-t\\d+$`));
    expect(owner).toMatchObject({ runId: '20261203T100000Z_stage_3', pid: process.pid });
    expect(ownerAlive(owner!)).toBe(true);
    expect(ownerAlive({ ...owner!, startTicks: owner!.startTicks + 1 })).toBe(false); // same pid, another process
    expect(parseFleetName('scaleladder-foo')).toBeNull();
    expect(parseFleetName('scaleladder-x-pid1-t1-app-1.scope')).toBeNull();
    expect(parseFleetName('docker')).toBeNull();
  });
});
