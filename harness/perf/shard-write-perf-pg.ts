// Perf probe of stage 5's write path on PostgreSQL: creates/s and click-writes/s with K = 1, 2, 4 PostgreSQL shard
// servers, the pg twin of shard-write-perf.ts's first table. One writer process keeps --concurrency operations in flight
// through PgShardedLinkStore (the app's store: a bounded pool per shard, id blocks from the shards' sequences); the
// servers' own CPU over the run is read from their process trees. On a 2-core box one Node writer tops out before K
// servers do, so the CPU columns say which side was the limit. `scaleladder perf --only shard-write-pg` (make perf) runs
// it; its servers run under the supervisor. Median of --repeat runs; prints numbers, asserts nothing.
// Usage: node --import tsx harness/perf/shard-write-perf-pg.ts [--duration 3] [--repeat 3] [--links 20000] [--concurrency 32] [--ks 1,2,4]
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { encodeId } from '../../targets/app/codegen.ts';
import { PgShardedLinkStore } from '../../targets/shards/pg-sharded-link-store.ts';
import { seedPgShards } from '../../targets/shards/seed-pg-shards.ts';
import { readProcessTreeStat } from '../measure/process-stats.ts';
import { postgresVersion } from '../services/postgres-binaries.ts';
import { startPostgres, type StartedPostgres } from '../services/postgres-server.ts';
import { Supervisor } from '../supervisor/supervisor.ts';

type Op = 'create' | 'click';

interface Run {
  opsPerS: number;
  /** Writer (this process) CPU-µs per op. */
  writerUs: number;
  /** All shard servers' CPU-µs per op. */
  serverUs: number;
  /** Busiest shard's writes ÷ the mean. */
  skew: number;
}

/** CPU seconds of a server: the postmaster and its backends (they live as long as the pool's connections). */
const cpuSecondsOfTree = (pid: number) => readProcessTreeStat(pid)?.cpuSeconds ?? 0;

async function loop(store: PgShardedLinkStore, servers: StartedPostgres[], op: Op, seconds: number, links: number, concurrency: number): Promise<Run> {
  const cpu0 = process.cpuUsage();
  const srv0 = servers.map((s) => cpuSecondsOfTree(s.primary.pid));
  const w0 = store.shardCounters().map((c) => c.writes);
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  let ops = 0;
  let x = 2654435761;
  const worker = async (w: number) => {
    while (performance.now() < end) {
      if (op === 'create') await store.create(`https://example.org/perf/${w}/${ops}`);
      else {
        x = (Math.imul(x ^ (x >>> 15), 2246822519) + 1) >>> 0;
        const id = (x % links) + 1;
        await store.recordClick(id, encodeId(id));
      }
      ops++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  const elapsed = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const serverS = servers.reduce((a, s, i) => a + cpuSecondsOfTree(s.primary.pid) - srv0[i], 0);
  const writes = store.shardCounters().map((c, i) => c.writes - w0[i]);
  const mean = writes.reduce((a, b) => a + b, 0) / writes.length;
  return { opsPerS: ops / elapsed, writerUs: ((cpu.user + cpu.system) / Math.max(1, ops)), serverUs: (serverS * 1e6) / Math.max(1, ops), skew: mean > 0 ? Math.max(...writes) / mean : 0 };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '3' },
      repeat: { type: 'string', default: '3' },
      links: { type: 'string', default: '20000' },
      concurrency: { type: 'string', default: '32' },
      ks: { type: 'string', default: '1,2,4' },
    },
  });
  if (postgresVersion() === null) {
    console.log('shard-write-perf-pg: skipped (no PostgreSQL binaries: install the postgresql package)');
    return;
  }
  const duration = Number(values.duration);
  const repeat = Math.max(1, Number(values.repeat));
  const links = Number(values.links);
  const concurrency = Number(values.concurrency);
  const ks = values.ks.split(',').map(Number);
  const load = () => loadavg().map((v) => v.toFixed(2)).join(' ');
  const root = mkdtempSync(join(tmpdir(), 'scaleladder-pg-shard-perf-'));
  chmodSync(root, 0o711);
  const supervisor = new Supervisor({ runDir: root });
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  const pad = (s: string, w: number) => s.padEnd(w);
  try {
    console.log(`${links.toLocaleString('en-US')} seeded links; one writer process, ${concurrency} operations in flight; ${duration} s per run, median of ${repeat}; the harness's server config (fsync on, synchronous_commit off, as the SQLite store's synchronous=NORMAL); load average ${load()}`);
    console.log(`   ${pad('store', 16)}${pad('boot ms', 9)}${(['create', 'click'] as const).map((op) => pad(`${op}s/s`, 11) + pad('writer µs/op', 14) + pad('servers µs/op', 15) + pad('skew', 6)).join('')}`);
    for (const k of ks) {
      const t0 = performance.now();
      const servers = await Promise.all(Array.from({ length: k }, (_, i) => startPostgres({ supervisor, runDir: root, name: `pg-shard-${i}` })));
      const bootMs = performance.now() - t0;
      try {
        const urls = servers.map((s) => s.url);
        await seedPgShards(urls, links, { reset: true });
        const store = await PgShardedLinkStore.open({ urls, pool: Math.max(2, Math.ceil(concurrency / k)) });
        try {
          const cells: string[] = [];
          for (const op of ['create', 'click'] as const) {
            const runs: Run[] = [];
            for (let i = 0; i < repeat; i++) runs.push(await loop(store, servers, op, duration, links, concurrency));
            const r = [...runs].sort((a, b) => a.opsPerS - b.opsPerS)[Math.floor(runs.length / 2)];
            cells.push(pad(fmt(r.opsPerS), 11) + pad(r.writerUs.toFixed(0), 14) + pad(r.serverUs.toFixed(0), 15) + pad(r.skew.toFixed(2), 6));
          }
          console.log(`   ${pad(`K=${k} server${k > 1 ? 's' : ''}`, 16)}${pad(fmt(bootMs), 9)}${cells.join('')}`);
        } finally {
          await store.close();
        }
      } finally {
        await Promise.all(servers.map((s) => s.stop()));
      }
    }
    console.log(`load average at the end: ${load()}`);
  } finally {
    await supervisor.stopAll();
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(`shard-write-perf-pg: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
