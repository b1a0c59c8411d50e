// Perf probe of stage 5's write path: creates/s and click-writes/s with K = 1, 2, 4 SQLite shards (one writer process,
// then two writer processes on the same files, as stage 5 runs two apps on this machine), and what write-behind buys
// over synchronous click writes through a real app process at the same redirect rate.
// Each figure is the median of --repeat runs (the machine is shared: the load average is printed with the numbers).
// Prints numbers; asserts nothing. Usage: node --import tsx harness/perf/shard-write-perf.ts [--duration 3] [--repeat 3] [--links 100000] [--rate 3000]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { mulberry32 } from '../../loadtests/workload/prng.ts';
import { ZipfSampler } from '../../loadtests/workload/zipf.ts';
import { encodeId } from '../../targets/app/codegen.ts';
import type { LinkStore } from '../../targets/app/link-store.ts';
import { seedLinks } from '../../targets/app/seed-links.ts';
import { SqliteLinkStore } from '../../targets/app/sqlite-link-store.ts';
import { seedShards } from '../../targets/shards/seed-shards.ts';
import { ShardedLinkStore } from '../../targets/shards/sharded-link-store.ts';
import { parsePromText, sumMetric } from '../measure/prom-text.ts';
import { appProcessSpec } from '../services/app-process.ts';
import { seededCodes } from '../stages/seeded-codes.ts';
import type { Supervisor } from '../supervisor/supervisor.ts';
import { Wait } from '../supervisor/wait.ts';
import { perfTargetCpus, untilExit, withPerfSupervisor } from './perf-supervisor.ts';

const SELF = fileURLToPath(import.meta.url);

/** 'file' = today's SqliteLinkStore on one file (stages 1–3); 'shards' = ShardedLinkStore over K files. */
interface StoreKind {
  label: string;
  kind: 'file' | 'shards';
  k: number;
}

const KINDS: StoreKind[] = [
  { label: 'one file (stages 1-3)', kind: 'file', k: 1 },
  { label: 'K=1 shard', kind: 'shards', k: 1 },
  { label: 'K=2 shards', kind: 'shards', k: 2 },
  { label: 'K=4 shards', kind: 'shards', k: 4 },
];

type Op = 'create' | 'click';

interface LoopResult {
  ops: number;
  seconds: number;
  busyRetries: number;
  busyWaitMs: number;
  busyTimeouts: number;
  cpuMs: number;
}

/** `durable`: PRAGMA synchronous = FULL (an fsync per commit, held under the writer lock) instead of the app's NORMAL. */
function openStore(s: StoreKind, where: string, durable = false): LinkStore {
  if (s.kind === 'shards') return new ShardedLinkStore(where, s.k, { busyTimeoutMs: 10_000, synchronous: durable ? 'FULL' : 'NORMAL' });
  const store = new SqliteLinkStore(where, { busyTimeoutMs: 10_000 });
  if (durable) store.db.pragma('synchronous = FULL');
  return store;
}

function seed(s: StoreKind, root: string, links: number): string {
  const where = s.kind === 'file' ? join(root, `one-${Math.random().toString(36).slice(2)}.sqlite`) : join(root, `k${s.k}-${Math.random().toString(36).slice(2)}`);
  if (s.kind === 'file') seedLinks(where, links, { reset: true });
  else seedShards(where, s.k, links, { reset: true });
  return where;
}

/** Runs one op as fast as it can for `seconds` on its own store connection(s). */
function loop(s: StoreKind, where: string, op: Op, seconds: number, links: number, salt: number, durable = false): LoopResult {
  const store = openStore(s, where, durable);
  try {
    let ops = 0;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const end = t0 + seconds * 1000;
    let x = salt * 2654435761;
    while (performance.now() < end) {
      for (let i = 0; i < 64; i++) {
        if (op === 'create') store.create(`https://example.org/perf/${salt}/${ops}`);
        else {
          x = (Math.imul(x ^ (x >>> 15), 2246822519) + 1) >>> 0;
          const id = (x % links) + 1;
          store.recordClick(id, encodeId(id));
        }
        ops++;
      }
    }
    const elapsed = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    return { ops, seconds: elapsed, busyRetries: store.stats.busyRetries, busyWaitMs: store.stats.busyWaitMs, busyTimeouts: store.stats.busyTimeouts, cpuMs: (cpu.user + cpu.system) / 1000 };
  } finally {
    store.close();
  }
}

/** Child mode: says 'ready', waits for SIGUSR1 (the go), runs the loop, writes the result as JSON to `out`. */
function child(args: { kind: string; k: string; where: string; op: string; seconds: string; links: string; salt: string; durable: boolean; out: string }): void {
  const s: StoreKind = { label: '', kind: args.kind as StoreKind['kind'], k: Number(args.k) };
  // Open (and warm) before the go, so both processes start writing together.
  openStore(s, args.where).close();
  const waiting = setInterval(() => undefined, 1 << 30);
  process.once('SIGUSR1', () => {
    clearInterval(waiting);
    const r = loop(s, args.where, args.op as Op, Number(args.seconds), Number(args.links), Number(args.salt), args.durable);
    writeFileSync(args.out, JSON.stringify(r));
    process.exit(0);
  });
  process.stdout.write('ready\n');
}

/** Two writer processes under the supervisor (one per CPU when `pin`), started together once both are ready. */
async function twoWriters(supervisor: Supervisor, s: StoreKind, where: string, op: Op, seconds: number, links: number, pin: boolean, durable = false): Promise<LoopResult[]> {
  const kids = await Promise.all([0, 1].map(async (i) => {
    const out = `${where}.writer-${i + 1}.json`;
    const args = ['--import', 'tsx', SELF, '--child', '--kind', s.kind, '--k', String(s.k), '--where', where, '--op', op, '--seconds', String(seconds), '--links', String(links), '--salt', String(i + 1), '--out', out, ...(durable ? ['--durable'] : [])];
    const svc = await supervisor.start({ name: `writer-${i + 1}`, role: 'loadgen', command: process.execPath, args, cpus: pin ? String(i) : undefined, ready: Wait.forLogLine(/^ready$/), readyTimeoutMs: 30_000 });
    return { svc, out };
  }));
  for (const k of kids) process.kill(k.svc.pid, 'SIGUSR1');
  await Promise.all(kids.map((k) => untilExit(k.svc)));
  return kids.map((k) => JSON.parse(readFileSync(k.out, 'utf8')) as LoopResult);
}

// ---- write-behind vs synchronous clicks through one app process ----

function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}

/** The app process (services/app-process.ts's launch spec) on the shard folder, under the supervisor. */
async function startApp(supervisor: Supervisor, dbDir: string, k: number, writeBehind: boolean, pin: boolean): Promise<{ pid: number; url: string; stop(): Promise<void> }> {
  const spec = appProcessSpec({ name: 'app', dbDir, shards: k, adminToken: 'perf', cpus: pin ? perfTargetCpus() : undefined, extraArgs: ['--stage', '5', writeBehind ? '--write-behind' : '--sync-clicks'] });
  const svc = await supervisor.start({ ...spec, readyTimeoutMs: 15_000 });
  return { pid: svc.pid, url: svc.url!, stop: () => svc.stop() };
}

/** DB write statements and write transactions (commits) so far, from the app's /metrics. */
async function dbWrites(url: string): Promise<{ writes: number; commits: number }> {
  const s = parsePromText(await (await fetch(`${url}/metrics`)).text());
  return { writes: sumMetric(s, 'scaleladder_db_queries_total', { kind: 'write' }), commits: sumMetric(s, 'scaleladder_shard_write_transactions_total') };
}

interface HttpResult {
  mode: string;
  rate: number | 'max';
  reqPerS: number;
  p50Ms: number;
  p99Ms: number;
  cpuMsPerRedirect: number;
  dbWritesPerRedirect: number;
  commitsPerRedirect: number;
  non302: number;
}

async function redirectRun(supervisor: Supervisor, dbDir: string, k: number, writeBehind: boolean, codes: string[], rate: number | undefined, duration: number, pin: boolean): Promise<HttpResult> {
  const app = await startApp(supervisor, dbDir, k, writeBehind, pin);
  const url = app.url;
  // Zipf(1.0) popularity over the seeded codes, as the bench workload: hot links get most clicks.
  const zipf = new ZipfSampler(codes.length, 1.0);
  const rnd = mulberry32(7);
  try {
    const run = (d: number, overallRate?: number) =>
      autocannon({
        url,
        connections: 32,
        duration: d,
        ...(overallRate !== undefined ? { overallRate } : {}),
        requests: [{ setupRequest: (req: any) => ({ ...req, path: `/${codes[zipf.sample(rnd) - 1]}` }) }],
      });
    await run(1, rate); // warm-up
    const w0 = await dbWrites(url);
    const cpu0 = cpuSeconds(app.pid);
    const r = await run(duration, rate);
    const cpu = cpuSeconds(app.pid) - cpu0;
    // Writes a flush may still owe are counted after one more interval.
    await new Promise((res) => setTimeout(res, writeBehind ? 1100 : 0));
    const w1 = await dbWrites(url);
    const total = r.requests.total;
    return {
      mode: writeBehind ? 'write-behind (1 s)' : 'sync clicks',
      rate: rate ?? 'max',
      reqPerS: Math.round(total / duration),
      p50Ms: r.latency.p50,
      p99Ms: r.latency.p99,
      cpuMsPerRedirect: total > 0 ? (cpu * 1000) / total : NaN,
      dbWritesPerRedirect: total > 0 ? (w1.writes - w0.writes) / total : NaN,
      commitsPerRedirect: total > 0 ? (w1.commits - w0.commits) / total : NaN,
      non302: total - (r['3xx'] ?? 0),
    };
  } finally {
    await app.stop();
  }
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const pad = (s: string, w: number) => s.padEnd(w);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      child: { type: 'boolean', default: false },
      durable: { type: 'boolean', default: false },
      kind: { type: 'string', default: 'shards' },
      k: { type: 'string', default: '1' },
      where: { type: 'string', default: '' },
      op: { type: 'string', default: 'create' },
      seconds: { type: 'string', default: '3' },
      salt: { type: 'string', default: '1' },
      duration: { type: 'string', default: '3' },
      repeat: { type: 'string', default: '3' },
      links: { type: 'string', default: '100000' },
      rate: { type: 'string', default: '3000' },
      out: { type: 'string', default: '' },
    },
  });
  if (values.child) return child(values as Parameters<typeof child>[0]);
  const duration = Number(values.duration);
  const repeat = Math.max(1, Number(values.repeat));
  const links = Number(values.links);
  const rate = Number(values.rate);
  const pin = perfTargetCpus() !== undefined;
  const root = mkdtempSync(join(tmpdir(), 'scaleladder-shard-perf-'));
  const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
  try {
    await withPerfSupervisor('shard-write', async (supervisor) => {
      console.log(`${links.toLocaleString('en-US')} seeded links per store; ${duration} s per run, median of ${repeat}; files on ${root} (one disk); ${pin ? 'writers pinned one per CPU' : 'unpinned'}; load average ${load()}`);

      const perOp = (rs: LoopResult[]) => rs.reduce((a, r) => a + r.cpuMs, 0) * 1000 / Math.max(1, rs.reduce((a, r) => a + r.ops, 0));
      const rateOf = (rs: LoopResult[]) => rs.reduce((a, r) => a + r.ops / r.seconds, 0);
      const busy = (rs: LoopResult[]) => `${fmt(rs.reduce((a, r) => a + r.busyRetries, 0))} / ${(rs.reduce((a, r) => a + r.busyWaitMs, 0) / 1000).toFixed(2)} s`;
      /** Runs `make()` `repeat` times and keeps the run with the median rate (its busy and CPU numbers belong to it). */
      const medianRun = async (make: () => LoopResult[] | Promise<LoopResult[]>) => {
        const runs: LoopResult[][] = [];
        for (let i = 0; i < repeat; i++) runs.push(await make());
        return [...runs].sort((a, b) => rateOf(a) - rateOf(b))[Math.floor(runs.length / 2)];
      };

      for (const durable of [false, true]) {
        const sync = durable ? 'synchronous=FULL: an fsync per commit, under the writer lock' : 'synchronous=NORMAL as the app runs: no fsync per commit';
        const ops: Op[] = durable ? ['create'] : ['create', 'click'];
        console.log(`\n${durable ? '1b' : '1'}) one writer, in-process (${sync}); each write its own transaction`);
        console.log(`   ${pad('store', 24)}${ops.map((op) => pad(`${op}s/s`, 12) + pad('CPU-µs/op', 11)).join('')}`);
        for (const s of KINDS) {
          const cells: string[] = [];
          for (const op of ops) {
            const r = await medianRun(() => [loop(s, seed(s, root, links), op, duration, links, 1, durable)]);
            cells.push(pad(fmt(rateOf(r)), 12) + pad(perOp(r).toFixed(1), 11));
          }
          console.log(`   ${pad(s.label, 24)}${cells.join('')}`);
        }
        console.log(`\n${durable ? '2b' : '2'}) two writer processes on the same files at once (stage 5 runs 2 apps here), summed; busy = SQLITE_BUSY retries / time slept in them (${sync})`);
        console.log(`   ${pad('store', 24)}${ops.map((op) => pad(`${op}s/s`, 12) + pad('busy', 18) + pad('writer CPU', 12) + pad('CPU-µs/op', 11)).join('')}`);
        for (const s of KINDS) {
          const cells: string[] = [];
          for (const op of ops) {
            const r = await medianRun(() => twoWriters(supervisor, s, seed(s, root, links), op, duration, links, pin, durable));
            const util = r.reduce((a, x) => a + x.cpuMs / (x.seconds * 1000), 0) / r.length;
            const timeouts = r.reduce((a, x) => a + x.busyTimeouts, 0);
            cells.push(pad(fmt(rateOf(r)), 12) + pad(busy(r) + (timeouts ? ` ${timeouts}!` : ''), 18) + pad(`${(util * 100).toFixed(0)} %`, 12) + pad(perOp(r).toFixed(1), 11));
          }
          console.log(`   ${pad(s.label, 24)}${cells.join('')}`);
        }
      }

      console.log(`\n3) redirects through one app process (K=4 shards, no Redis: every redirect reads SQLite), Zipf(1.0) popularity, autocannon, 32 connections${pin ? ', app on CPU 1, generator on CPU 0' : ''}`);
      if (pin) spawnSync('taskset', ['-cp', '0', String(process.pid)]);
      const dbDir = join(root, 'http');
      seedShards(dbDir, 4, links, { reset: true });
      const codes = seededCodes(1, links, 1);
      console.log(`   ${pad('clicks', 20)}${pad('rate', 8)}${pad('redirects/s', 13)}${pad('p50 ms', 8)}${pad('p99 ms', 8)}${pad('CPU-ms/redirect', 17)}${pad('DB writes/redirect', 20)}${pad('commits/redirect', 18)}`);
      for (const r of [rate, undefined]) {
        for (const wb of [false, true]) {
          const xs: HttpResult[] = [];
          for (let i = 0; i < repeat; i++) xs.push(await redirectRun(supervisor, dbDir, 4, wb, codes, r, duration, pin));
          const x = [...xs].sort((a, b) => a.cpuMsPerRedirect - b.cpuMsPerRedirect)[Math.floor(xs.length / 2)];
          console.log(
            `   ${pad(x.mode, 20)}${pad(String(x.rate), 8)}${pad(fmt(x.reqPerS), 13)}${pad(String(x.p50Ms), 8)}${pad(String(x.p99Ms), 8)}` +
              `${pad(x.cpuMsPerRedirect.toFixed(4), 17)}${pad(x.dbWritesPerRedirect.toFixed(4), 20)}${pad(x.commitsPerRedirect.toFixed(5), 18)}${x.non302 ? `(${x.non302} not 302)` : ''}`,
          );
        }
      }
      console.log(`\nload average at the end: ${load()}`);
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(`shard-write-perf: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
