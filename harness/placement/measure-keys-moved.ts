// Measures, on a real balancer over real app processes, the share of codes answered by another process after one joins.
import fs from 'node:fs';
import path from 'node:path';
import { mulberry32 } from '../../loadtests/workload/prng.ts';
import { seedLinks } from '../../targets/app/seed-links.ts';
import { hasAffinity, type BalancerKind, type ConfigAlgorithm } from '../../targets/balancer/algorithms.ts';
import { observeUpstreams, type Observation } from '../../targets/balancer/observe-upstream.ts';
import { appProcessSpec } from '../services/app-process.ts';
import { startBalancer, upstreamOf, type MembershipChange } from '../services/balancer.ts';
import type { ServiceSpec } from '../supervisor/service-spec.ts';
import type { StartedService } from '../supervisor/started-service.ts';
import { Supervisor } from '../supervisor/supervisor.ts';
import { expectedKeysMoved, keysMovedCount } from './keys-moved.ts';

export interface MeasureKeysMovedOptions {
  balancer: BalancerKind;
  algorithm: ConfigAlgorithm;
  /** Codes to place (any strings matching [A-Za-z0-9_-]; they need not exist: a 404 names its process too). */
  codes: readonly string[];
  /** App processes before the change (default 4). */
  from?: number;
  /** App processes after the change (default 5; must be > from). */
  to?: number;
  /** Run folder for configs and logs. */
  runDir: string;
  /** Supervisor to start processes with (default: one of its own over runDir). Only what this call started is stopped. */
  supervisor?: Supervisor;
  /** Spec of app process i (1-based), named as its instance id. Default: targets/app/server.ts over an empty SQLite file in runDir. */
  appSpec?: (i: number) => ServiceSpec;
  /** How the balancer learns the new membership (default 'reload': graceful; see MembershipChange). */
  how?: MembershipChange;
  /** Requests in flight while observing (default 8). */
  concurrency?: number;
  /** Seed of the request order of each pass (default 1). */
  seed?: number;
}

export interface KeysMovedResult {
  balancer: BalancerKind;
  algorithm: ConfigAlgorithm;
  from: number;
  to: number;
  how: MembershipChange;
  codes: number;
  /** Codes answered (with a process named) in both the pass before and the pass after the change. */
  compared: number;
  movedCount: number;
  /** movedCount / compared: the share of codes now answered by a different process. */
  moved: number;
  /** Same-membership control: share of codes answered by different processes in two passes before the change (0 with affinity). */
  baselineChurn: number;
  /** Of the moved codes, the share now answered by a process that joined (1 for an ideal consistent hash). */
  movedToNew: number;
  /** Requests not answered by a named process (errors), over all passes. */
  unobserved: number;
  /** Codes per process, before and after. */
  perUpstream: { before: Record<string, number>; after: Record<string, number> };
  /** Reference values for the same codes: ideal consistent hashing (1 − from/to), our ring (160 vnodes), mod-N with our hash. */
  expected: { idealConsistent: number; ring: number; moduloN: number };
  /** False when the algorithm has no affinity (round-robin, least-connections, power-of-two): `moved` is then churn, not placement. */
  meaningful: boolean;
}

const shuffled = <T>(items: readonly T[], seed: number): T[] => {
  const out = [...items];
  const rnd = mulberry32(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
};

/** Path → answering process, for answers that named one (a 5xx or a connection error places nothing). */
const owners = (obs: readonly Observation[]): Map<string, string> => {
  const m = new Map<string, string>();
  for (const o of obs) if (o.upstream !== undefined && o.status !== 0 && o.status < 500) m.set(o.path, o.upstream);
  return m;
};

const tally = (m: Map<string, string>): Record<string, number> => {
  const t: Record<string, number> = {};
  for (const id of m.values()) t[id] = (t[id] ?? 0) + 1;
  return Object.fromEntries(Object.entries(t).sort(([a], [b]) => a.localeCompare(b)));
};

/** Boots `from` apps behind the balancer, observes every code twice, adds apps up to `to`, observes again, stops what it started. */
export async function measureKeysMoved(o: MeasureKeysMovedOptions): Promise<KeysMovedResult> {
  const { balancer, algorithm, codes, from = 4, to = 5, how = 'reload', concurrency = 8, seed = 1 } = o;
  if (!(Number.isInteger(from) && from >= 1 && Number.isInteger(to) && to > from)) {
    throw new RangeError(`from and to must be integers with 1 <= from < to, got ${from} → ${to}`);
  }
  if (codes.length === 0) throw new RangeError('codes must not be empty');
  const runDir = path.resolve(o.runDir);
  fs.mkdirSync(runDir, { recursive: true });
  const supervisor = o.supervisor ?? new Supervisor({ runDir });
  const started: StartedService[] = [];
  let appSpec = o.appSpec;
  if (appSpec === undefined) {
    const dbPath = path.join(runDir, 'keys-moved.sqlite');
    seedLinks(dbPath, 0, { reset: true });
    appSpec = (i) => appProcessSpec({ name: `app-${i}`, dbPath, adminToken: 'keys-moved' });
  }
  const spec = appSpec;
  const startApps = async (first: number, last: number) => {
    const apps = await Promise.all(Array.from({ length: last - first + 1 }, (_, k) => supervisor.start(spec(first + k))));
    started.push(...apps);
    return apps;
  };

  try {
    const before = await startApps(1, from);
    const lb = await startBalancer({ supervisor, runDir, balancer, algorithm, upstreams: before.map(upstreamOf), name: `${balancer}-keys-moved` });
    started.push(lb.service);
    const paths = codes.map((c) => `/${c}`);
    const passA = await observeUpstreams(lb.url, shuffled(paths, seed), { concurrency });
    const passB = await observeUpstreams(lb.url, shuffled(paths, seed + 1), { concurrency });

    const added = await startApps(from + 1, to);
    await lb.setUpstreams([...before, ...added].map(upstreamOf), how);
    if (how === 'restart') started.push(lb.service);
    const passC = await observeUpstreams(lb.url, shuffled(paths, seed + 2), { concurrency });

    const a = owners(passA);
    const b = owners(passB);
    const c = owners(passC);
    const churn = keysMovedCount(paths, a, b);
    const { moved, compared } = keysMovedCount(paths, a, c);
    const newIds = new Set(added.map((s) => s.name));
    let toNew = 0;
    for (const p of paths) if (a.has(p) && c.has(p) && a.get(p) !== c.get(p) && newIds.has(c.get(p)!)) toNew++;
    const unobserved = 3 * paths.length - a.size - b.size - c.size;

    const expected = expectedKeysMoved(codes, from, to);

    return {
      balancer,
      algorithm,
      from,
      to,
      how,
      codes: codes.length,
      compared,
      movedCount: moved,
      moved: compared === 0 ? Number.NaN : moved / compared,
      baselineChurn: churn.compared === 0 ? Number.NaN : churn.moved / churn.compared,
      movedToNew: moved === 0 ? Number.NaN : toNew / moved,
      unobserved,
      perUpstream: { before: tally(a), after: tally(c) },
      expected: { idealConsistent: 1 - from / to, ring: expected.consistent, moduloN: expected.modN },
      meaningful: hasAffinity(algorithm),
    };
  } finally {
    if (o.supervisor === undefined) await supervisor.stopAll();
    else for (const s of started.reverse()) await s.stop();
  }
}
