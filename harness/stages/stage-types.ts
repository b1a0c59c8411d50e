// What booting a stage gives the bench pipeline: an entry URL, its processes, the seeded codes, a figures reader.
import type { StepFigures } from '../measure/step-figures.ts';
import type { StartedBalancer } from '../services/balancer.ts';
import type { StartedService } from '../supervisor/started-service.ts';
import type { Supervisor } from '../supervisor/supervisor.ts';
import type { StageComposition } from './stage-definitions.ts';
import type { ReadYourWrites } from '../../targets/app/read-your-writes.ts';
import type { RedisEvictionPolicy } from '../services/redis-server.ts';

export interface StageBootOptions {
  runDir: string;
  supervisor: Supervisor;
  seedLinks: number;
  /** CPU list for the stage's processes (taskset), when pinned. */
  stageCpus?: string;
  adminToken: string;
  /** Seed of the popularity order of the seeded codes. */
  seed: number;
  /** Shape of stages 2+ (defaults in STAGE_TOPOLOGY_DEFAULTS). */
  topology: StageTopology;
  /** Most CPU ms a redirect may ask for (`?work-ms=`): set when the workload sends slow requests (default none). */
  maxWorkMs?: number;
}

export interface StageTopology {
  /** With a balancer: the real load balancer in front of the app processes (default nginx). */
  balancer: 'nginx' | 'haproxy';
  /**
   * With a balancer: balancing algorithm (default round-robin). 'modulo-hash' (hash mod N, the seed's "rehashing
   * problem") is not offered by --algorithm; experiments set it as the control of a membership change.
   */
  algorithm: 'round-robin' | 'least-connections' | 'consistent-hash' | 'power-of-two' | 'modulo-hash';
  /** With a balancer: app processes behind it (default 4 under the scale model; the machine's cores, at least 2, with --machine-cpu none). */
  appProcesses: number;
  /** With redis: redis-server maxmemory (default 64mb). */
  redisMaxmemory: string;
  /** With redis / redis-cluster: maxmemory-policy of every Redis node (default allkeys-lfu). */
  redisPolicy: RedisEvictionPolicy;
  /** With redis: TTL of a cached link in Redis, ms (default 300,000 = 5 min). */
  cacheTtlMs: number;
  /** With redis: TTL jitter, a fraction of cacheTtlMs (default 0.1; 0 = keys filled together expire together). */
  ttlJitter: number;
  /** With redis: emulated DB round trip before each cache-miss DB read, ms (default 0; the seed's networked DB is 40). */
  dbReadDelayMs: number;
  /** With local-lru: entries of each app's in-process LRU in front of Redis (default 10,000). */
  localLruSize: number;
  /** With local-lru: lifetime of a local LRU entry, ms (default 5,000, the app's own default). */
  localLruTtlMs: number;
  /** With shards: SQLite shard files, codes placed by consistent hashing on the code (default 4). */
  shards: number;
  /** With redis-cluster: master nodes of the Redis Cluster (default 3, the least `redis-cli --cluster create` accepts). */
  clusterNodes: number;
  /** With write-behind: flush interval of the click counts, ms (default 1000): what a crash can lose. */
  clickFlushMs: number;
  /** With redis: single-flight rebuild and XFetch in the apps' Redis cache (default true); false is the "without" side of the hot-key-expiry fault. */
  stampedeDefences: boolean;
  /** With postgres: streaming read replicas redirect lookups go to, each on a machine of its own (default 0). */
  readReplicas: number;
  /** With postgres and replicas: what an app does on a replica miss (targets/app/read-your-writes.ts; default 'measure'). */
  readYourWrites: ReadYourWrites;
  /** With postgres and replicas: each replica applies commits this many ms after the primary (emulated distance; default 0). */
  replicaDelayMs: number;
  /** With redis, redis-cluster or postgres: emulated network hop added by each app to every round trip to them, ms (default 0: none). */
  hopMs: number;
  /** Status of the apps' redirects (default 302; 301 is the "permanent" side of the redirect-status experiment). */
  redirectStatus: 301 | 302;
  /** Cache-Control of the apps' redirects in place of the stage's own; '' sends none (default undefined: the stage's). */
  redirectCacheControl?: string;
  /** The apps send `Vary: User-Agent` on redirects (default false; true is the seed's Vary trap, for the vary-trap experiment). */
  varyUserAgent: boolean;
  /** With cdn: the origin shield between the PoPs and the origin (default true); off, each PoP fetches from the origin itself. */
  cdnShield: boolean;
}

export interface BootedStage {
  stage: number;
  /** The parts this stage has (absent for an external --target: nothing of ours is known). */
  composition?: StageComposition;
  entryUrl: string;
  services: StartedService[];
  /** Seeded codes in popularity order: codes[0] is rank 1. */
  codes: string[];
  seed: { links: number; ms: number };
  bootMs: number;
  /** Things this stage emulates rather than measures (RTTs…), labelled in the results. */
  emulated: string[];
  /** Reads the stage's counters now; the pipeline takes differences around each step. `startWindow` also starts
   * new windows for gauges that are not counters (event-loop delay), so the after-step read covers the step only. */
  readCounters(startWindow?: boolean): Promise<StageCounters>;
  /** With a balancer: the running nginx/HAProxy, whose membership a timeline action (add-app) can change in place. */
  balancer?: StartedBalancer;
  /**
   * With a balancer: starts one more app process like the others (next name, a free port), NOT yet behind the
   * balancer, and lists it in `services` (so counters and process accounts include it). For add-app.
   */
  addApp?(): Promise<StartedService>;
  /** Clicks stored in the stage's SQLite file(s) now (absent on PostgreSQL or an external target); read at boot and after the run. */
  clickTotal?(): number;
  /** Stage-specific figures of one step, from counters before and after it. */
  figures(before: StageCounters, after: StageCounters, completed: number): StepFigures;
}

export type StageCounters = Record<string, number>;
