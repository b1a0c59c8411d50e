// `scaleladder bench`: parse flags into BenchOptions, run the pipeline with Ctrl-C handling, print table or JSON.
import type { Command } from 'commander';
import { normalizeBenchOptions } from '../bench/bench-options.ts';
import { parseCount, parseDurationS } from '../../loadtests/workload/text-units.ts';
import { runBench } from '../bench/run-bench.ts';
import { FAULT_CATALOG, FAULT_KINDS, parseFaultList, stagesFor } from '../faults/fault-spec.ts';
import { UserError } from '../errors/user-error.ts';
import { renderBench } from '../render/render-bench.ts';
import { installShutdownHandlers } from '../supervisor/shutdown.ts';
import { progressPrinter } from './progress-printer.ts';
import { watchParent } from './watch-parent.ts';
import type { DriverName } from '../results/result-types.ts';
import { COMPONENT_IDS } from '../stages/components.ts';
import { join } from 'node:path';
import { runStamp } from '../bench/run-id.ts';

interface BenchFlags {
  stage?: string;
  tiers?: string;
  tiersFile?: string;
  rate?: string;
  stepDuration?: string;
  warmup?: string;
  driver?: string;
  max?: boolean;
  connections?: string;
  threads?: string;
  seedLinks?: string;
  zipf?: string;
  readWrite?: string;
  unknownShare?: string;
  metadataShare?: string;
  seed?: string;
  sloP99?: string;
  sloErrors?: string;
  timeout?: string;
  target?: string;
  allowRemote?: boolean;
  out?: string;
  json?: boolean;
  resultsDir?: string;
  pin?: boolean;
  maxTotal?: string;
  findKnee?: boolean;
  kneeProbe?: string;
  kneeMaxRate?: string;
  balancer?: string;
  algorithm?: string;
  appProcesses?: string;
  redisMaxmemory?: string;
  localLruSize?: string;
  hopMs?: string;
  shards?: string;
  clusterNodes?: string;
  clickFlushMs?: string;
  stampedeDefences?: boolean;
  redisPolicy?: string;
  cacheTtl?: string;
  ttlJitter?: string;
  dbReadDelay?: string;
  fault?: string[];
  machineCpu?: string;
  machine?: string;
  allowOversubscribe?: boolean;
  with?: string[];
  without?: string[];
  calibrate?: string;
  sweep?: string;
  db?: string;
  readReplicas?: string;
}

export function registerBench(program: Command): void {
  program
    .command('bench')
    .description('boot a stage, drive it tier by tier, write results JSON and print a table')
    .option('--stage <n>', 'stage of the ladder (1..5); with --target only to get that stage\'s figures')
    .option('--tiers <list>', 'comma-separated tier names from the tiers file (default: all)')
    .option('--tiers-file <path>', 'tiers file (default loadtests/tiers.json)')
    .option('--rate <r>', 'one step at this fixed arrival rate (req/s) instead of the tiers')
    .option('--step-duration <d>', 'measured duration of each step, e.g. 10s (default 8s)')
    .option('--warmup <d>', 'warm-up before the first step, not counted (default 4s; 0 to skip)')
    .option('--driver <name>', 'open | autocannon | k6 (default open)')
    .option('--max', "with --driver autocannon: a maximum-throughput probe at every tier instead of each tier's rate")
    .option('--connections <n>', 'sockets (open model) or connections (closed model) (default 64)')
    .option('--threads <n>', 'open model: generator worker threads (default 1)')
    .option('--seed-links <n>', 'links seeded before the run (default 100k)')
    .option('--zipf <s>', 'Zipf skew of link popularity (default 1.0)')
    .option('--read-write <r>', 'reads per write (default 100)')
    .option('--unknown-share <f>', 'share of reads for unknown codes (default 0.01)')
    .option('--metadata-share <f>', 'share of reads that are metadata reads (default 0)')
    .option('--seed <n>', 'seed of the request sequence (default 1)')
    .option('--slo-p99 <ms>', 'SLO: p99 latency bound in ms (default 100)')
    .option('--slo-errors <f>', 'SLO: error-rate bound as a fraction (default 0.001)')
    .option('--timeout <d>', 'per-request timeout (default 10s)')
    .option('--target <url>', 'drive an already-running deployment instead of booting a stage')
    .option('--allow-remote', 'allow --target to be a non-loopback host')
    .option('--out <file>', 'also write the result JSON here')
    .option('--json', 'print the result JSON on stdout instead of the table')
    .option('--results-dir <dir>', 'root folder of run outputs (default results)')
    .option('--no-pin', 'do not pin generator and stage to separate CPUs')
    .option('--max-total <d>', 'hard bound on the whole run (default: planned time + 120s)')
    .option('--find-knee', 'after the tiers, search the highest rate meeting the SLO (coarse ramp, then bisection)')
    .option('--knee-probe <d>', 'duration of each knee probe (default 5s)')
    .option('--knee-max-rate <r>', 'highest rate the knee search probes (default 100000)')
    .option('--balancer <name>', 'stage 3+: nginx | haproxy (default nginx)')
    .option('--algorithm <name>', 'stage 3+: round-robin | least-connections | consistent-hash | power-of-two (default round-robin)')
    .option('--app-processes <n>', 'stage 3+: app processes behind the balancer (default: cores, at least 2)')
    .option('--redis-maxmemory <m>', 'stage 2+: redis-server maxmemory (default 64mb)')
    .option('--hop-ms <ms>', 'emulated network hop (a timer, no CPU) each app adds to every Redis and PostgreSQL round trip (default 0: none)')
    .option('--local-lru-size <n>', 'stage 3+: entries of each app process LRU in front of Redis (default 10000; 0 = none)')
    .option('--shards <k>', 'stage 5: SQLite shard files, codes placed by consistent hashing (default 4)')
    .option('--cluster-nodes <n>', 'stage 5: Redis Cluster master nodes (default 3)')
    .option('--click-flush-ms <ms>', 'stage 5: write-behind flush interval of click counts (default 1000)')
    .option('--redis-policy <p>', 'stage 2+: maxmemory-policy of Redis, e.g. allkeys-lru | allkeys-lfu | volatile-ttl (default allkeys-lfu)')
    .option('--cache-ttl <d>', 'stage 2+: TTL of a cached link in Redis, e.g. 5s (default 5m)')
    .option('--ttl-jitter <f>', 'stage 2+: TTL jitter as a fraction of the TTL, each fill living TTL × (1 ± f) (default 0.1; 0 = none)')
    .option('--db-read-delay <d>', 'stage 2+: emulated DB round trip before each cache-miss read, e.g. 40ms (default 0: in-process SQLite as is)')
    .option('--no-stampede-defences', 'stage 2+: apps without single-flight and XFetch (the "without" side of hot-key-expiry)')
    .option(
      '--fault <spec>',
      `inject a fault into the first tier step, <name>[@<s into the step>][+<s down>], repeatable or a comma list; ` +
        FAULT_KINDS.map((k) => `${k} (stage ${stagesFor(k)}): ${FAULT_CATALOG[k].what}`).join('; '),
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option('--machine-cpu <cores>', 'scale model: CPU budget of every emulated machine, in cores (default 0.1 = a 1:10 model; none = unconstrained, e.g. for --target)')
    .option('--machine <role=cores,...>', 'scale model: budgets per role (app, cache, balancer, cdn, db), e.g. app=0.1,balancer=0.15')
    .option('--allow-oversubscribe', 'run even if the budgets add up to more than the stage CPUs (labelled oversubscribed)')
    .option('--with <component>', `add a component to the stage (${COMPONENT_IDS.join(', ')}); repeatable or a comma list`, collect)
    .option('--without <component>', 'remove a component from the stage, e.g. --without local-lru; repeatable or a comma list', collect)
    .option('--calibrate <d>', 'scale model: length of each calibration step measuring the small-machine distortion (default 2s; 0 skips)')
    .option('--db <backend>', 'database of the stage: sqlite (embedded, default) | postgres (a PostgreSQL server on a machine of its own)')
    .option('--read-replicas <n>', 'with --db postgres: streaming read replicas that take the redirect lookups, each on a machine of its own (default 0)')
    .option('--sweep <name=list>', 'one run per value, e.g. app-processes=1,2,4,6 (each a normal result; with --find-knee: the scale-out curve)')
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
        stage: flags.stage === undefined ? 0 : int('--stage', flags.stage),
        tiers: flags.tiers?.split(',').map((t) => t.trim()).filter(Boolean),
        tiersFile: flags.tiersFile,
        rate: flags.rate === undefined ? undefined : num('--rate', flags.rate),
        stepDurationS: flags.stepDuration === undefined ? undefined : dur('--step-duration', flags.stepDuration),
        warmupS: flags.warmup === undefined ? undefined : dur('--warmup', flags.warmup),
        driver: flags.driver as DriverName | undefined,
        autocannonMax: flags.max,
        connections: flags.connections === undefined ? undefined : int('--connections', flags.connections),
        threads: flags.threads === undefined ? undefined : int('--threads', flags.threads),
        seedLinks: flags.seedLinks === undefined ? undefined : count('--seed-links', flags.seedLinks),
        workload: {
          zipfSkew: flags.zipf === undefined ? undefined : num('--zipf', flags.zipf),
          readWriteRatio: flags.readWrite === undefined ? undefined : num('--read-write', flags.readWrite),
          unknownShare: flags.unknownShare === undefined ? undefined : num('--unknown-share', flags.unknownShare),
          metadataShare: flags.metadataShare === undefined ? undefined : num('--metadata-share', flags.metadataShare),
          seed: flags.seed === undefined ? undefined : int('--seed', flags.seed),
        },
        slo: {
          p99Ms: flags.sloP99 === undefined ? undefined : num('--slo-p99', flags.sloP99),
          errorRate: flags.sloErrors === undefined ? undefined : num('--slo-errors', flags.sloErrors),
        },
        timeoutMs: flags.timeout === undefined ? undefined : dur('--timeout', flags.timeout) * 1000,
        target: flags.target,
        allowRemote: flags.allowRemote,
        out: override.out ?? flags.out,
        updateLatest: override.out === undefined,
        json: flags.json,
        resultsDir: flags.resultsDir,
        pin: flags.pin,
        maxTotalS: flags.maxTotal === undefined ? undefined : dur('--max-total', flags.maxTotal),
        progress: true,
        findKnee: flags.findKnee,
        topology: {
          balancer: flags.balancer as 'nginx' | undefined,
          algorithm: flags.algorithm as 'round-robin' | undefined,
          appProcesses: override.appProcesses ?? (flags.appProcesses === undefined ? undefined : int('--app-processes', flags.appProcesses)),
          redisMaxmemory: flags.redisMaxmemory,
          localLruSize: flags.localLruSize === undefined ? undefined : int('--local-lru-size', flags.localLruSize),
          shards: flags.shards === undefined ? undefined : int('--shards', flags.shards),
          clusterNodes: flags.clusterNodes === undefined ? undefined : int('--cluster-nodes', flags.clusterNodes),
          clickFlushMs: flags.clickFlushMs === undefined ? undefined : int('--click-flush-ms', flags.clickFlushMs),
          stampedeDefences: flags.stampedeDefences,
          redisPolicy: flags.redisPolicy as 'allkeys-lfu' | undefined,
          cacheTtlMs: flags.cacheTtl === undefined ? undefined : Math.round(dur('--cache-ttl', flags.cacheTtl) * 1000),
          ttlJitter: flags.ttlJitter === undefined ? undefined : num('--ttl-jitter', flags.ttlJitter),
          dbReadDelayMs: flags.dbReadDelay === undefined ? undefined : Math.round(dur('--db-read-delay', flags.dbReadDelay) * 1000),
          readReplicas: flags.readReplicas === undefined ? undefined : int('--read-replicas', flags.readReplicas),
          hopMs: flags.hopMs === undefined ? undefined : num('--hop-ms', flags.hopMs),
        },
        faults: flags.fault === undefined ? undefined : wrap('--fault', () => parseFaultList(flags.fault!)),
        kneeProbeS: flags.kneeProbe === undefined ? undefined : dur('--knee-probe', flags.kneeProbe),
        kneeMaxRate: flags.kneeMaxRate === undefined ? undefined : num('--knee-max-rate', flags.kneeMaxRate),
        machineCpu: flags.machineCpu,
        machine: flags.machine,
        allowOversubscribe: flags.allowOversubscribe,
        with: flags.with,
        without: flags.without,
        calibrateS: flags.calibrate === undefined ? undefined : dur('--calibrate', flags.calibrate),
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

const collect = (v: string, prev: string[] = []) => [...prev, v];

/** `app-processes=1,2,4` → the values to run, one bench each. */
function parseSweep(text: string): { name: 'app-processes'; values: number[] } {
  const m = /^([a-z-]+)=(.+)$/.exec(text.trim());
  if (!m || m[1] !== 'app-processes') throw new UserError(`--sweep must look like app-processes=1,2,4,6 (got "${text}"); app-processes is the one variable it sweeps`);
  const values = m[2].split(',').map((v) => int('--sweep', v.trim()));
  if (values.some((v) => v < 1 || v > 64)) throw new UserError(`--sweep app-processes values must be whole numbers 1..64 (got ${m[2]})`);
  return { name: 'app-processes', values };
}

function wrap<T>(flag: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw new UserError(`${flag}: ${(e as Error).message}`);
  }
}

const dur = (flag: string, v: string) => wrap(flag, () => parseDurationS(v));
const count = (flag: string, v: string) => wrap(flag, () => parseCount(v));

function num(flag: string, v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new UserError(`${flag} must be a number (got "${v}")`);
  return n;
}

function int(flag: string, v: string): number {
  const n = num(flag, v);
  if (!Number.isInteger(n)) throw new UserError(`${flag} must be a whole number (got "${v}")`);
  return n;
}
