// `make perf`: runs each speed benchmark as its own process, one after another, and prints their numbers.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { nodeTsCommand, PROJECT_ROOT } from '../services/node-ts-command.ts';

const BENCHMARKS = [
  { script: 'harness/perf/seed-perf.ts', what: 'seeding rate (goal: 1M links well under 10 s)' },
  { script: 'harness/perf/driver-perf.ts', what: 'open-model driver ceiling on one core, autocannon for reference' },
  { script: 'harness/perf/redirect-perf.ts', what: 'stage-1 redirect path vs bare Express vs node:http + SQLite floor, and the app on PostgreSQL (app and server CPU-ms per redirect)' },
  { script: 'harness/perf/cdn-perf.ts', what: 'CDN emulator CPU-ms per cache hit vs nginx proxy_cache and a node:http floor (goal: <= 1.0x nginx)' },
  { script: 'harness/perf/scale-model-perf.ts', what: 'scale model overhead on the redirect path: cgroup accounting vs unconstrained, emulated hops vs none (goal: under 5 % each)' },
  { script: 'harness/perf/shard-write-perf.ts', what: 'write throughput with K = 1, 2, 4 SQLite shards; write-behind vs synchronous clicks' },
];

let failed = 0;
for (const b of BENCHMARKS) {
  process.stdout.write(`\n=== ${b.script}: ${b.what}\n`);
  if (!existsSync(`${PROJECT_ROOT}${b.script}`)) {
    process.stdout.write(`(missing: ${b.script})\n`);
    failed++;
    continue;
  }
  const cmd = nodeTsCommand(b.script);
  const r = spawnSync(cmd.command, cmd.args, { stdio: 'inherit', cwd: PROJECT_ROOT, timeout: 10 * 60_000 });
  if (r.status !== 0) {
    process.stdout.write(`${b.script} failed (exit ${r.status ?? r.signal})\n`);
    failed++;
  }
}
process.exit(failed ? 1 : 0);
