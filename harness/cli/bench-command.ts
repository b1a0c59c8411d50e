// `scaleladder bench`: parse flags into BenchOptions, run the pipeline with Ctrl-C handling, print table or JSON.
import type { Command } from 'commander';
import { normalizeBenchOptions } from '../bench/bench-options.ts';
import { runBench } from '../bench/run-bench.ts';
import { FAULT_CATALOG, FAULT_KINDS, parseFaultList, stagesFor } from '../faults/fault-spec.ts';
import { UserError } from '../errors/user-error.ts';
import { renderBench } from '../render/render-bench.ts';
import { installShutdownHandlers } from '../supervisor/shutdown.ts';
import { progressPrinter } from './progress-printer.ts';
import { watchParent } from './watch-parent.ts';
import { DRIVER_NAMES, type DriverName } from '../results/result-types.ts';
import { RUN_FLAGS, STAGE_FLAGS, withDefault } from './shared-flags.ts';
import { addFlags, durationS, int, num, wrapFlag, type FlagRow } from './flag-parsers.ts';
import { COMPONENT_IDS } from '../stages/components.ts';
import { join } from 'node:path';
import { runStamp } from '../bench/run-id.ts';

interface BenchFlags {
  stage?: number;
  tiers?: string;
  tiersFile?: string;
  rate?: number;
  stepDuration?: number;
  warmup?: number;
  driver?: DriverName;
  max?: boolean;
  connections?: number;
  threads?: number;
  seedLinks?: number;
  zipf?: number;
  readWrite?: number;
  unknownShare?: number;
  metadataShare?: number;
  seed?: number;
  sloP99?: number;
  sloErrors?: number;
  timeout?: number;
  target?: string;
  allowRemote?: boolean;
  out?: string;
  json?: boolean;
  resultsDir?: string;
  pin?: boolean;
  maxTotal?: number;
  findKnee?: boolean;
  kneeProbe?: number;
  kneeMaxRate?: number;
  balancer?: string;
  algorithm?: string;
  appProcesses?: number;
  redisMaxmemory?: string;
  localLruSize?: number;
  hopMs?: number;
  shards?: number;
  clusterNodes?: number;
  clickFlushMs?: number;
  stampedeDefences?: boolean;
  redisPolicy?: string;
  cacheTtl?: number;
  ttlJitter?: number;
  dbReadDelay?: number;
  fault?: string[];
  machineCpu?: string;
  machine?: string;
  allowOversubscribe?: boolean;
  with?: string[];
  without?: string[];
  calibrate?: number;
  prime?: number;
  sweep?: string;
  db?: 'sqlite' | 'postgres';
  readReplicas?: number;
  readYourWrites?: 'off' | 'measure' | 'fix';
  followAfterCreate?: number;
  replicaDelay?: number;
}

/** Every bench flag, in --help order. */
const BENCH_FLAGS: FlagRow[] = [
  ['--stage <n>', 'stage of the ladder (1..5); with --target only to get that stage\'s figures', int],
  ['--tiers <list>', 'comma-separated tier names from the tiers file (default: all)'],
  ['--tiers-file <path>', 'tiers file (default loadtests/tiers.json)'],
  withDefault(RUN_FLAGS.rate, ': one step at this fixed rate instead of the tiers'),
  withDefault(RUN_FLAGS.stepDuration, ' (default 8s)'),
  withDefault(RUN_FLAGS.warmup, ' (default 4s)'),
  ['--driver <name>', 'open | autocannon | k6 (default open)', DRIVER_NAMES],
  ['--max', "with --driver autocannon: a maximum-throughput probe at every tier instead of each tier's rate"],
  ['--connections <n>', 'sockets (open model) or connections (closed model) (default 64)', int],
  ['--threads <n>', 'open model: generator worker threads (default 1)', int],
  withDefault(RUN_FLAGS.seedLinks, ' (default 100k)'),
  ['--zipf <s>', 'Zipf skew of link popularity (default 1.0)', num],
  ['--read-write <r>', 'reads per write (default 100)', num],
  ['--unknown-share <f>', 'share of reads for unknown codes (default 0.01)', num],
  ['--metadata-share <f>', 'share of reads that are metadata reads (default 0)', num],
  withDefault(RUN_FLAGS.seed, ' (default 1)'),
  ['--slo-p99 <ms>', 'SLO: p99 latency bound in ms (default 100)', num],
  ['--slo-errors <f>', 'SLO: error-rate bound as a fraction (default 0.001)', num],
  ['--timeout <d>', 'per-request timeout (default 10s)', durationS],
  ['--target <url>', 'drive an already-running deployment instead of booting a stage'],
  ['--allow-remote', 'allow --target to be a non-loopback host'],
  ['--out <file>', 'also write the result JSON here'],
  ['--json', 'print the result JSON on stdout instead of the table'],
  ['--results-dir <dir>', 'root folder of run outputs (default results)'],
  ['--no-pin', 'do not pin generator and stage to separate CPUs'],
  ['--max-total <d>', 'hard bound on the whole run (default: planned time + 120s)', durationS],
  ['--find-knee', 'after the tiers, search the highest rate meeting the SLO (coarse ramp, then bisection)'],
  ['--knee-probe <d>', 'duration of each knee probe (default 5s)', durationS],
  ['--knee-max-rate <r>', 'highest rate the knee search probes (default 100000)', num],
  STAGE_FLAGS.balancer,
  STAGE_FLAGS.algorithm,
  STAGE_FLAGS.appProcesses,
  ['--redis-maxmemory <m>', 'stage 2+: redis-server maxmemory (default 64mb)'],
  ['--hop-ms <ms>', 'emulated network hop (a timer, no CPU) each app adds to every Redis and PostgreSQL round trip (default 0: none)', num],
  ['--local-lru-size <n>', 'stage 3+: entries of each app process LRU in front of Redis (default 10000; 0 = none)', int],
  ['--shards <k>', 'stage 5: SQLite shard files (PostgreSQL servers with --db postgres), codes placed by consistent hashing (default 4)', int],
  ['--cluster-nodes <n>', 'stage 5: Redis Cluster master nodes (default 3)', int],
  ['--click-flush-ms <ms>', 'stage 5: write-behind flush interval of click counts (default 1000)', int],
  ['--redis-policy <p>', 'stage 2+: maxmemory-policy of Redis, e.g. allkeys-lru | allkeys-lfu | volatile-ttl (default allkeys-lfu)'],
  ['--cache-ttl <d>', 'stage 2+: TTL of a cached link in Redis, e.g. 5s (default 5m)', durationS],
  ['--ttl-jitter <f>', 'stage 2+: TTL jitter as a fraction of the TTL, each fill living TTL × (1 ± f) (default 0.1; 0 = none)', num],
  ['--db-read-delay <d>', 'stage 2+: emulated DB round trip before each cache-miss read, e.g. 40ms (default 0: in-process SQLite as is)', durationS],
  ['--no-stampede-defences', 'stage 2+: apps without single-flight and XFetch (the "without" side of hot-key-expiry)'],
  [
    '--fault <spec>',
    `inject a fault into the first tier step, <name>[@<s into the step>][+<s down>], repeatable or a comma list; ` +
      FAULT_KINDS.map((k) => `${k} (stage ${stagesFor(k)}): ${FAULT_CATALOG[k].what}`).join('; '),
    'repeatable',
  ],
  withDefault(RUN_FLAGS.machineCpu, ' (default 0.1 = a 1:10 model; none e.g. for --target)'),
  ['--machine <role=cores,...>', 'scale model: budgets per role (app, cache, balancer, cdn, db), e.g. app=0.1,balancer=0.15'],
  ['--allow-oversubscribe', 'run even if the budgets add up to more than the stage CPUs (labelled oversubscribed)'],
  ['--with <component>', `add a component to the stage (${COMPONENT_IDS.join(', ')}); repeatable or a comma list`, 'repeatable'],
  ['--without <component>', 'remove a component from the stage, e.g. --without local-lru; repeatable or a comma list', 'repeatable'],
  withDefault(RUN_FLAGS.calibrate, ' (default 2s)'),
  ['--prime <n>', 'hottest codes requested once after boot so the caches start warm, as a fleet\'s are (default 2000: two thirds of Zipf-1.0 reads over 100k links; 0 = cold caches)', int],
  STAGE_FLAGS.db,
  STAGE_FLAGS.readReplicas,
  ['--read-your-writes <mode>', 'with --read-replicas: on a replica miss, off (404) | measure (404, counted against the primary; default) | fix (read the primary, redirect) | fix-age (codes younger than the lag bound read the primary)', ['off', 'measure', 'fix', 'fix-age'] as const],
  ['--replica-delay <ms>', 'with --read-replicas: each replica applies commits this many ms late (recovery_min_apply_delay; emulated distance, default 0)', int],
  ['--follow-after-create <share>', 'share of creates the client follows at once (GET of the new code; a 404 there is replica lag) (default 0; open driver)', num],
  ['--sweep <name=list>', 'one run per value, e.g. app-processes=1,2,4,6 (each a normal result; with --find-knee: the scale-out curve)'],
];

export function registerBench(program: Command): void {
  addFlags(program.command('bench').description('boot a stage, drive it tier by tier, write results JSON and print a table'), BENCH_FLAGS)
    .action(async (flags: BenchFlags) => {
      const sweep = flags.sweep === undefined ? undefined : parseSweep(flags.sweep);
      if (!sweep) return benchOnce(flags, {});
      // Each size is a normal result, kept together in one sweep folder; latest-stage-N.json stays the default-size run.
      const dir = join(flags.resultsDir ?? 'results', 'sweeps', `${runStamp()}-stage-${flags.stage}-app-processes`);
      for (const [i, value] of sweep.values.entries()) {
        process.stderr.write(`sweep: ${sweep.name} = ${value} (${i + 1} of ${sweep.values.length})\n`);
        await benchOnce(flags, { appProcesses: value, out: join(dir, `app-processes-${value}.json`) });
      }
      process.stderr.write(`sweep results in ${dir}\n`);
    });
}

async function benchOnce(flags: BenchFlags, override: { appProcesses?: number; out?: string }): Promise<void> {
      if (flags.stage === undefined && flags.target === undefined) {
        throw new UserError('--stage N is required (or --target URL to drive a deployment you started)');
      }
      const o = normalizeBenchOptions({
        // A --target run has no stage unless asked for (its results go under results/target/ either way).
        stage: flags.stage ?? 0,
        tiers: flags.tiers?.split(',').map((t) => t.trim()).filter(Boolean),
        tiersFile: flags.tiersFile,
        rate: flags.rate,
        stepDurationS: flags.stepDuration,
        warmupS: flags.warmup,
        driver: flags.driver,
        autocannonMax: flags.max,
        connections: flags.connections,
        threads: flags.threads,
        seedLinks: flags.seedLinks,
        workload: { zipfSkew: flags.zipf, readWriteRatio: flags.readWrite, unknownShare: flags.unknownShare, metadataShare: flags.metadataShare, seed: flags.seed, followAfterCreate: flags.followAfterCreate },
        slo: { p99Ms: flags.sloP99, errorRate: flags.sloErrors },
        timeoutMs: flags.timeout === undefined ? undefined : flags.timeout * 1000,
        target: flags.target,
        allowRemote: flags.allowRemote,
        out: override.out ?? flags.out,
        updateLatest: override.out === undefined,
        json: flags.json,
        resultsDir: flags.resultsDir,
        pin: flags.pin,
        maxTotalS: flags.maxTotal,
        progress: true,
        findKnee: flags.findKnee,
        topology: {
          balancer: flags.balancer as 'nginx' | undefined,
          algorithm: flags.algorithm as 'round-robin' | undefined,
          appProcesses: override.appProcesses ?? flags.appProcesses,
          redisMaxmemory: flags.redisMaxmemory,
          localLruSize: flags.localLruSize,
          shards: flags.shards,
          clusterNodes: flags.clusterNodes,
          clickFlushMs: flags.clickFlushMs,
          stampedeDefences: flags.stampedeDefences,
          redisPolicy: flags.redisPolicy as 'allkeys-lfu' | undefined,
          cacheTtlMs: flags.cacheTtl === undefined ? undefined : Math.round(flags.cacheTtl * 1000),
          ttlJitter: flags.ttlJitter,
          dbReadDelayMs: flags.dbReadDelay === undefined ? undefined : Math.round(flags.dbReadDelay * 1000),
          readReplicas: flags.readReplicas,
          readYourWrites: flags.readYourWrites,
          replicaDelayMs: flags.replicaDelay,
          hopMs: flags.hopMs,
        },
        faults: flags.fault === undefined ? undefined : wrapFlag('--fault', () => parseFaultList(flags.fault!)),
        kneeProbeS: flags.kneeProbe,
        kneeMaxRate: flags.kneeMaxRate,
        machineCpu: flags.machineCpu,
        machine: flags.machine,
        allowOversubscribe: flags.allowOversubscribe,
        with: flags.with,
        without: flags.without,
        calibrateS: flags.calibrate,
        primeCodes: flags.prime,
        db: flags.db,
      });
      if (o.dbNotice) process.stderr.write(`${o.dbNotice}\n`);
      const controller = new AbortController();
      let running: Promise<unknown> = Promise.resolve();
      const uninstall = installShutdownHandlers(async (reason) => {
        controller.abort(reason);
        await running.catch(() => undefined);
      });
      // No run may outlive the command that started it: a parent gone (npx killed alone) aborts like SIGTERM.
      const unwatch = watchParent((ppid) => {
        process.stderr.write(`scaleladder: parent process ${ppid} went away: stopping services and keeping partial results\n`);
        controller.abort(`parent process ${ppid} went away`);
      });
      const run = runBench(o, progressPrinter(), controller.signal);
      running = run;
      try {
        const { result, paths } = await run;
        if (o.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
        else process.stdout.write(renderBench(result));
        if (paths.length) process.stderr.write(`result written to ${paths.join(' and ')}\n`);
        if (result.aborted) {
          const kept = paths.length ? `partial result kept (${result.steps.length} step${result.steps.length === 1 ? '' : 's'})` : 'nothing was measured, no result written';
          throw new UserError(`run aborted: ${result.abortReason}; ${kept}`, { exitCode: 3 });
        }
      } finally {
        unwatch();
        uninstall();
      }
}

/** `app-processes=1,2,4` → the values to run, one bench each. */
function parseSweep(text: string): { name: 'app-processes'; values: number[] } {
  const m = /^([a-z-]+)=(.+)$/.exec(text.trim());
  if (!m || m[1] !== 'app-processes') throw new UserError(`--sweep must look like app-processes=1,2,4,6 (got "${text}"); app-processes is the one variable it sweeps`);
  const values = m[2].split(',').map((v) => int('--sweep', v.trim()));
  if (values.some((v) => v < 1 || v > 64)) throw new UserError(`--sweep app-processes values must be whole numbers 1..64 (got ${m[2]})`);
  return { name: 'app-processes', values };
}
