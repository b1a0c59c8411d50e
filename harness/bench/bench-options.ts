// Options of `scaleladder bench`, every default in one place, normalized and checked once.
import { UserError } from '../errors/user-error.ts';
import type { DriverName, SloSpec } from '../results/result-types.ts';
import { normalizeWorkload, type WorkloadConfig } from '../../loadtests/workload/workload-config.ts';
import { DEFAULT_TIERS_PATH } from '../../loadtests/workload/tier-file.ts';
import { implementedStages } from '../stages/stage-registry.ts';
import { STAGE_TOPOLOGY_DEFAULTS, UNCONSTRAINED_APP_PROCESSES } from '../stages/stage-topology.ts';
import { composeStage, type StageComposition } from '../stages/stage-definitions.ts';
import { parseComponentList, type ComponentId } from '../stages/components.ts';
import { parseMachineFlags, type MachineBudgets } from '../machines/index.ts';
import { modelScale } from './scale-model.ts';
import { DEFAULT_CDN_REGIONS, originRttByRegion } from '../stages/cdn-front.ts';
import type { StageTopology } from '../stages/stage-types.ts';
import { parseDb, withDatabase, type DbBackend } from '../stages/db-choice.ts';
import { parseAlgorithm, parseBalancer } from '../../targets/balancer/algorithms.ts';
import type { FaultSpec, ResolvedFaultSpec } from '../faults/fault-spec.ts';
import { resolveFaults } from '../faults/resolve-faults.ts';
import { READ_YOUR_WRITES_MODES } from '../../targets/app/read-your-writes.ts';
import { REDIS_EVICTION_POLICIES } from '../services/redis-server.ts';
import { stripUndefined } from '../options/strip-undefined.ts';

export interface BenchOptions {
  /** Stage of the ladder to boot (1..5); see stage-registry for the ones that boot today. 0: a --target run without a stage. */
  stage: number;
  /** Tier names to drive, in order (default: every tier of the tiers file). */
  tiers?: string[];
  /** Path of the tiers file (default loadtests/tiers.json). */
  tiersFile: string;
  /** Drive one step at this fixed rate instead of the tiers (req/s). */
  rate?: number;
  /** Measured duration of each step in seconds (default 8). */
  stepDurationS: number;
  /** Warm-up before the first step, driven but never counted (default 4 s; 0 to skip). */
  warmupS: number;
  /** Load driver (default 'open'). */
  driver: DriverName;
  /** With driver 'autocannon': the maximum-throughput probe instead of each tier's rate (--max; default false). */
  autocannonMax: boolean;
  /** Sockets (open model) or concurrent connections (closed model); default: per step by Little's law (harness/drivers/connection-sizing.ts). */
  connections?: number;
  /** Open model: worker threads of the generator (default 1). */
  threads: number;
  /** Links seeded before the run; the workload draws from them (default 100,000). */
  seedLinks: number;
  workload: WorkloadConfig;
  slo: SloSpec;
  /** Per-request timeout in ms (default 10,000). */
  timeoutMs: number;
  /** Drive an already-running deployment instead of booting a stage. */
  target?: string;
  /** Allow --target to be a non-loopback address (default false). */
  allowRemote: boolean;
  /** Extra output path for the result (it is always written under resultsDir too). */
  out?: string;
  /** Print the result JSON on stdout instead of the table. */
  json: boolean;
  /** Root folder of run outputs (default 'results'). */
  resultsDir: string;
  /** Pin generator and stage to separate CPUs with taskset when the machine allows (default true). */
  pin: boolean;
  /** Hard bound on the whole run in seconds (default: planned step time + 120 s). */
  maxTotalS?: number;
  /** Print progress on stderr (default true). */
  progress: boolean;
  /** After the tier steps, search the knee: the highest rate meeting the SLO (default false). */
  findKnee: boolean;
  /** Duration of each knee probe in seconds (default 5). */
  kneeProbeS: number;
  /** Highest rate the knee search may probe (default 100,000 req/s). */
  kneeMaxRate: number;
  /** Shape of stages 2+: balancer, algorithm, app processes, Redis memory (defaults in STAGE_TOPOLOGY_DEFAULTS). */
  topology: StageTopology;
  /** Faults injected during the first measured tier step, each at its time (default none; see harness/faults). */
  faults: ResolvedFaultSpec[];
  /** Components added to / removed from the stage's definition (--with / --without; default none). */
  with: ComponentId[];
  without: ComponentId[];
  /** The database backend (--db; default sqlite): postgres puts the postgres component in place of SQLite. */
  db: DbBackend;
  /** One line when --db postgres drops a part of the stage (none today: every part runs on both backends); derived. */
  dbNotice?: string;
  /** The stage's parts after --with/--without (derived, not an input). */
  composition: StageComposition;
  /** CPU budget of each emulated machine (--machine-cpu, --machine; default 0.1 core each; default null = unconstrained). */
  machines: MachineBudgets;
  /** Run even when the machines' budgets add up to more than the stage's CPU set (labelled oversubscribed). */
  allowOversubscribe: boolean;
  /** Write results/latest-stage-N.json too (default true; a sweep's runs keep their own files instead). */
  updateLatest: boolean;
  /** Seconds of each of the two calibration steps (unconstrained, then on the budgets) that measure the model's distortion (default 2; 0 skips). */
  calibrateS: number;
  /** Hottest codes requested once after boot (entry GET, per-app HEAD) so the stage's caches start warm, as a fleet's are (default 2000; 0 = cold caches). */
  primeCodes: number;
  /** Read the stage's counters every this many ms during each measured step into `step.counterTimeline` (default off; experiments use 1000). */
  counterIntervalMs?: number;
}

export const DEFAULT_BENCH_OPTIONS: Omit<BenchOptions, 'stage' | 'workload' | 'composition'> & { workload: Partial<WorkloadConfig> } = {
  tiersFile: DEFAULT_TIERS_PATH,
  stepDurationS: 8,
  warmupS: 4,
  driver: 'open',
  autocannonMax: false,
  threads: 1,
  seedLinks: 100_000,
  workload: {},
  slo: { p99Ms: 100, errorRate: 0.001 },
  timeoutMs: 10_000,
  allowRemote: false,
  json: false,
  resultsDir: 'results',
  pin: true,
  progress: true,
  findKnee: false,
  kneeProbeS: 5,
  kneeMaxRate: 100_000,
  topology: STAGE_TOPOLOGY_DEFAULTS,
  faults: [],
  with: [],
  without: [],
  machines: { default: 0.1, byRole: {} },
  allowOversubscribe: false,
  calibrateS: 2,
  primeCodes: 2000,
  updateLatest: true,
  db: 'sqlite',
};

export type BenchInput = Partial<Omit<BenchOptions, 'workload' | 'slo' | 'topology' | 'faults' | 'with' | 'without' | 'composition' | 'machines' | 'db' | 'dbNotice'>> & {
  /** --db text: sqlite | postgres. */
  db?: string;
  /** Component ids or flag text ('local-lru,cdn'). */
  with?: readonly string[] | string;
  without?: readonly string[] | string;
  /** Flag text: --machine-cpu ('0.1' | 'none') and --machine ('app=0.1,redis=0.2'), or parsed budgets. */
  machineCpu?: string;
  machine?: string;
  machines?: MachineBudgets;
  /** Parsed specs or flag text like 'kill-app@1.5+2'; checked against the stage and step, defaults filled. */
  faults?: readonly (FaultSpec | string)[];
  stage: number;
  workload?: Partial<WorkloadConfig>;
  slo?: Partial<SloSpec>;
  topology?: Partial<StageTopology>;
};

export function normalizeBenchOptions(input: BenchInput): BenchOptions {
  const d = DEFAULT_BENCH_OPTIONS;
  const o: BenchOptions = {
    ...d,
    ...stripUndefined(input),
    stage: input.stage,
    slo: { ...d.slo, ...stripUndefined(input.slo ?? {}) },
    topology: STAGE_TOPOLOGY_DEFAULTS,
    workload: d.workload as WorkloadConfig,
    faults: [],
    with: parseComponentList('--with', input.with),
    without: parseComponentList('--without', input.without),
    composition: undefined as unknown as StageComposition,
    db: parseDb(input.db),
    machines: input.machines ?? (input.machineCpu !== undefined || input.machine !== undefined ? parseMachineFlags({ machineCpu: input.machineCpu, machine: input.machine }) : d.machines),
  };
  delete (o as Partial<BenchInput>).machineCpu;
  delete (o as Partial<BenchInput>).machine;
  // Under the scale model the fleet is 4 app machines (they fit in the stage's core); unconstrained, the box's cores.
  const unconstrained = o.machines.default === null && Object.keys(o.machines.byRole).length === 0;
  o.topology = normalizeTopology({
    ...(unconstrained ? { appProcesses: UNCONSTRAINED_APP_PROCESSES } : {}),
    ...(unconstrained || input.target !== undefined ? {} : stretchedTtls(modelScale(o.machines))),
    ...stripUndefined(input.topology ?? {}),
  });
  const seedLinks = o.seedLinks;
  try {
    o.workload = normalizeWorkload({ seededLinks: seedLinks, ...input.workload });
  } catch (e) {
    throw new UserError(`${(e as Error).message}`);
  }
  // Stage 0 = an external --target with no stage's figures asked for.
  const stage0 = o.target !== undefined && o.stage === 0;
  if (!stage0 && (!Number.isInteger(o.stage) || o.stage < 1 || o.stage > 5)) throw new UserError(`--stage must be 1..5 (got ${input.stage})`);
  if (!o.target && !implementedStages().includes(o.stage)) {
    throw new UserError(
      `stage ${o.stage} is not implemented yet (implemented: ${implementedStages().join(', ')}); run 'scaleladder bench --stage 1' or point --target at a running deployment`,
    );
  }
  // An external target has no parts of ours; stage 1's stand in so code that asks `has` gets a plain answer.
  if (o.db === 'postgres' && o.target !== undefined) throw new UserError('--db postgres boots a PostgreSQL for a stage: it does not apply to --target (an external deployment has its own database)');
  const dbEdit = withDatabase(stage0 ? 1 : o.stage, o.db, o.with, o.without);
  o.with = dbEdit.add;
  if (dbEdit.notice) o.dbNotice = dbEdit.notice;
  o.composition = composeStage(stage0 ? 1 : o.stage, o.with, o.without);
  if (o.composition.has('postgres')) o.db = 'postgres';
  if (o.topology.readReplicas > 0 && !o.composition.has('postgres')) {
    throw new UserError(`--read-replicas ${o.topology.readReplicas} needs --db postgres (SQLite has no replicas)`);
  }
  if (o.topology.readReplicas > 0 && o.composition.has('shards')) {
    throw new UserError(`--read-replicas ${o.topology.readReplicas} with shards: replicas of PostgreSQL shards are not built; drop --read-replicas, or run without shards (--without shards)`);
  }
  if (o.topology.readYourWrites !== STAGE_TOPOLOGY_DEFAULTS.readYourWrites && o.topology.readReplicas === 0) {
    throw new UserError(`--read-your-writes ${o.topology.readYourWrites} is about replica misses: it needs --read-replicas N (and --db postgres)`);
  }
  if (o.topology.replicaDelayMs > 0 && o.topology.readReplicas === 0) throw new UserError(`--replica-delay delays the read replicas: it needs --read-replicas N (and --db postgres)`);
  if ((o.workload.followAfterCreate ?? 0) > 0 && o.driver !== 'open') {
    throw new UserError(`--follow-after-create needs the built-in open-model driver (--driver open): ${o.driver} does not follow the codes it creates`);
  }
  if (!['open', 'autocannon', 'k6'].includes(o.driver)) throw new UserError(`--driver must be open, autocannon or k6 (got ${o.driver})`);
  if (((o.workload.users ?? 0) > 0 || o.workload.userAgents === true) && o.driver !== 'open') {
    throw new UserError(`workload users and User-Agents (browser caches, the edge experiments) are emulated by the open-model driver only: use --driver open (got --driver ${o.driver})`);
  }
  if (o.workload.slowShare > 0 && o.driver === 'k6') throw new UserError('workload slowShare needs --driver open or autocannon: the k6 scripts send no slow requests');
  if (o.autocannonMax && o.driver !== 'autocannon') throw new UserError(`--max is autocannon's maximum-throughput probe: use it with --driver autocannon (got --driver ${o.driver})`);
  positive('--step-duration', o.stepDurationS, 0.5, 3600);
  positive('--warmup', o.warmupS, 0, 600);
  if (o.connections !== undefined) intIn('--connections', o.connections, 1, 10_000);
  intIn('--threads', o.threads, 1, 64);
  intIn('--seed-links', o.seedLinks, 1, 50_000_000);
  positive('--timeout', o.timeoutMs, 1, 600_000);
  if (o.rate !== undefined) positive('--rate', o.rate, 0.1, 10_000_000);
  positive('--knee-probe', o.kneeProbeS, 0.5, 600);
  positive('--calibrate', o.calibrateS, 0, 60);
  intIn('--prime', o.primeCodes, 0, 50_000_000);
  positive('--knee-max-rate', o.kneeMaxRate, 1, 10_000_000);
  if (o.counterIntervalMs !== undefined) positive('counterIntervalMs', o.counterIntervalMs, 100, 60_000);
  if (!(o.slo.p99Ms > 0)) throw new UserError(`--slo-p99 must be > 0 ms (got ${o.slo.p99Ms})`);
  if (!(o.slo.errorRate >= 0 && o.slo.errorRate <= 1)) throw new UserError(`--slo-errors must be a fraction between 0 and 1 (got ${o.slo.errorRate})`);
  if (o.workload.seededLinks > o.seedLinks) o.workload.seededLinks = o.seedLinks;
  // Clients come from regions at every stage (a CDN routes each to its PoP). Without a CDN, far clients pay their whole
  // emulated distance to the origin on every request; with it, the CDN emulates client→edge and edge→origin itself.
  if (!o.target && Object.keys(o.workload.regions).length === 0) o.workload.regions = { ...DEFAULT_CDN_REGIONS };
  if (!o.target && !o.composition.has('cdn') && Object.keys(o.workload.regionRttMs).length === 0) {
    o.workload.regionRttMs = Object.fromEntries(Object.entries(originRttByRegion()).filter(([r]) => r in o.workload.regions));
  }
  o.faults = resolveFaults(input.faults ?? [], { stage: o.stage, has: o.composition.has, stepDurationS: o.stepDurationS, driver: o.driver, target: o.target });
  return o;
}

/** Fills topology defaults; bad names or counts are UserErrors naming the flag. */
export function normalizeTopology(input: Partial<StageTopology>): StageTopology {
  const t: StageTopology = { ...STAGE_TOPOLOGY_DEFAULTS, ...stripUndefined(input) };
  parseBalancer(t.balancer);
  if (t.algorithm !== 'modulo-hash') parseAlgorithm(t.algorithm); // modulo-hash: set by experiments, not by --algorithm
  intIn('--app-processes', t.appProcesses, 1, 64);
  intIn('--local-lru-size', t.localLruSize, 0, 10_000_000);
  intIn('localLruTtlMs', t.localLruTtlMs, 1, 3_600_000);
  intIn('--shards', t.shards, 1, 64);
  intIn('--cluster-nodes', t.clusterNodes, 3, 16);
  intIn('--click-flush-ms', t.clickFlushMs, 1, 600_000);
  intIn('--read-replicas', t.readReplicas, 0, 8);
  intIn('--replica-delay', t.replicaDelayMs, 0, 600_000);
  if (!(READ_YOUR_WRITES_MODES as readonly string[]).includes(t.readYourWrites)) throw new UserError(`--read-your-writes must be ${READ_YOUR_WRITES_MODES.join(', ')} (got ${t.readYourWrites})`);
  if (!(typeof t.hopMs === 'number' && t.hopMs >= 0 && t.hopMs <= 1000)) throw new UserError(`--hop-ms must be between 0 and 1000 ms (got ${t.hopMs}); 0 turns the emulated hops off`);
  if (t.redirectStatus !== 301 && t.redirectStatus !== 302) throw new UserError(`redirectStatus must be 301 or 302 (got ${String(t.redirectStatus)})`);
  if (t.redirectCacheControl !== undefined && !/^[\x20-\x7e]*$/.test(t.redirectCacheControl)) throw new UserError('redirectCacheControl must be printable ASCII (a header value)');
  if (typeof t.varyUserAgent !== 'boolean') throw new UserError(`varyUserAgent must be true or false (got ${String(t.varyUserAgent)})`);
  if (typeof t.cdnShield !== 'boolean') throw new UserError(`cdnShield must be true or false (got ${String(t.cdnShield)})`);
  if (typeof t.stampedeDefences !== 'boolean') throw new UserError(`stampedeDefences must be true or false (got ${String(t.stampedeDefences)})`);
  if (!(REDIS_EVICTION_POLICIES as readonly string[]).includes(t.redisPolicy)) throw new UserError(`--redis-policy must be one of ${REDIS_EVICTION_POLICIES.join(', ')} (got ${t.redisPolicy})`);
  intIn('--cache-ttl (ms)', t.cacheTtlMs, 1, 86_400_000);
  intIn('--db-read-delay (ms)', t.dbReadDelayMs, 0, 10_000);
  if (!(typeof t.ttlJitter === 'number' && t.ttlJitter >= 0 && t.ttlJitter < 1)) throw new UserError(`--ttl-jitter must be a fraction between 0 and 1 (exclusive), e.g. 0.1 (got ${t.ttlJitter})`);
  if (!/^\d+(?:[kmg]b?)?$/i.test(t.redisMaxmemory)) throw new UserError(`--redis-maxmemory must look like 64mb or 1gb (got ${t.redisMaxmemory})`);
  return t;
}

function positive(flag: string, v: number, min: number, max: number): void {
  if (!(typeof v === 'number' && v >= min && v <= max)) throw new UserError(`${flag} must be between ${min} and ${max} (got ${v})`);
}

function intIn(flag: string, v: number, min: number, max: number): void {
  if (!Number.isInteger(v) || v < min || v > max) throw new UserError(`${flag} must be a whole number between ${min} and ${max} (got ${v})`);
}

/**
 * Cache TTLs under the scale model: a TTL is a window that requests fill, and at 1:10 rates a 5 s local-LRU TTL holds a
 * tenth of the requests it holds on a fleet, so its hit ratio falls. The default TTLs are stretched by 1 ÷ scale
 * (local LRU 5 s → 50 s, Redis 5 min → 50 min at 0.1) so each holds as many requests as at full size; a TTL given
 * explicitly is kept. Recorded in the result's topology; emulated RTTs and fsync are costs and are not scaled.
 */
export function stretchedTtls(scale: number): Pick<StageTopology, 'localLruTtlMs' | 'cacheTtlMs'> | Record<string, never> {
  if (!(scale > 0 && scale < 1)) return {};
  return {
    localLruTtlMs: Math.round(STAGE_TOPOLOGY_DEFAULTS.localLruTtlMs / scale),
    cacheTtlMs: Math.round(STAGE_TOPOLOGY_DEFAULTS.cacheTtlMs / scale),
  };
}
