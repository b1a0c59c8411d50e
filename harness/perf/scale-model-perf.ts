// `make perf`: what the scale model itself costs on the redirect path, as app CPU-ms per request at one rate:
// (1) cgroup accounting: stage 1 unconstrained (--machine-cpu none) vs inside a cgroup whose budget is a whole core
//     (accounting and quota checks, no throttling);
// (2) emulated hops: stage 2 (app ↔ Redis) without hops vs --hop-ms 0.5 (a timer per Redis round trip).
// Each pair alternated three times; prints the medians and the overhead (goal: under 5 % each).
// Usage: node --import tsx harness/perf/scale-model-perf.ts [--duration 6] (seconds of each measured step)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../services/node-ts-command.ts';
import type { RunResult } from '../results/result-types.ts';
import type { Supervisor } from '../supervisor/supervisor.ts';
import { Wait } from '../supervisor/wait.ts';
import { untilExit, withPerfSupervisor } from './perf-supervisor.ts';

const RATE = 400;
const ROUNDS = 3;
const HOP_MS = '0.5';
const STEP_S = Number(parseArgs({ options: { duration: { type: 'string', default: '6' } } }).values.duration);

interface Arm {
  label: string;
  stage: number;
  args: string[];
}

let runs = 0;

/** One bench run of `arm` under the supervisor (a stop of this script stops it and its stage); the app's CPU-ms per request. */
async function appCostPerRequest(supervisor: Supervisor, arm: Arm): Promise<{ costMs: number; enforcement: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'sl-scale-perf-'));
  try {
    const out = join(dir, 'r.json');
    const args = ['bin/scaleladder.mjs', 'bench', '--stage', String(arm.stage), '--rate', String(RATE), '--step-duration', `${STEP_S}s`, '--warmup', '2s', '--calibrate', '0',
      '--seed-links', '20000', ...arm.args, '--results-dir', dir, '--out', out];
    // Grace 12 s: on a stop, bench stops its own stage first (the section itself has 15 s, `scaleladder perf` 20 s).
    const bench = await supervisor.start({ name: `bench-${++runs}`, role: 'loadgen', command: process.execPath, args, cwd: PROJECT_ROOT, ready: Wait.running(), stopGraceMs: 12_000 });
    const timeout = setTimeout(() => void bench.stop(), 120_000);
    await untilExit(bench).finally(() => clearTimeout(timeout));
    const res = JSON.parse(readFileSync(out, 'utf8')) as RunResult;
    const app = res.steps[0].processes.find((p) => p.role === 'app')!;
    return { costMs: (app.cpuSeconds * 1000) / res.steps[0].requests.completed, enforcement: res.scaleModel?.enforcement ?? 'none (unconstrained)' };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs `base` and `model` alternately ROUNDS times; prints both medians and the overhead of `model`; returns it in %. */
async function compare(supervisor: Supervisor, title: string, base: Arm, model: Arm): Promise<number> {
  const b: number[] = [];
  const m: number[] = [];
  let enforcement = '';
  for (let i = 0; i < ROUNDS; i++) {
    b.push((await appCostPerRequest(supervisor, base)).costMs);
    const h = await appCostPerRequest(supervisor, model);
    m.push(h.costMs);
    enforcement = h.enforcement;
  }
  const bm = median(b);
  const mm = median(m);
  const overhead = ((mm - bm) / bm) * 100;
  process.stdout.write(`${title}: app at ${RATE} req/s, median of ${ROUNDS} alternated runs (CPU-ms per request):\n`);
  process.stdout.write(`  ${base.label.padEnd(44)} ${bm.toFixed(4)}   runs: ${b.map((x) => x.toFixed(4)).join(', ')}\n`);
  process.stdout.write(`  ${model.label.replace('ENF', enforcement).padEnd(44)} ${mm.toFixed(4)}   runs: ${m.map((x) => x.toFixed(4)).join(', ')}\n`);
  process.stdout.write(`  overhead: ${overhead.toFixed(1)} % (goal: under 5 %; the spread between runs is the noise floor)\n`);
  return overhead;
}

await withPerfSupervisor('scale-model', async (supervisor) => {
  const cgroup = await compare(supervisor, 'cgroup accounting (stage 1)',
    { label: 'unconstrained (--machine-cpu none)', stage: 1, args: ['--machine-cpu', 'none'] },
    { label: 'on a 1-core machine (ENF, no throttling)', stage: 1, args: ['--machine-cpu', '1'] });
  const hops = await compare(supervisor, `emulated hops (stage 2, app ↔ Redis)`,
    { label: 'stage 2 unconstrained, no hops', stage: 2, args: ['--machine-cpu', 'none'] },
    { label: `stage 2 unconstrained, --hop-ms ${HOP_MS}`, stage: 2, args: ['--machine-cpu', 'none', '--hop-ms', HOP_MS] });
  process.stdout.write(`scale model overhead on the redirect path: cgroup accounting ${cgroup.toFixed(1)} %, emulated hops ${hops.toFixed(1)} % of CPU-ms per request (goal: under 5 % each)\n`);
});
