// `make perf`: what the scale model itself costs on the redirect path: the same stage-1 bench at one rate, unconstrained
// (--machine-cpu none) and inside a cgroup whose budget is a whole core (accounting and quota checks, no throttling),
// alternated three times; prints the app's CPU-ms per request of each and the ratio (goal: overhead under 5 %).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../services/node-ts-command.ts';
import type { RunResult } from '../results/result-types.ts';

const RATE = 400;
const ROUNDS = 3;

function appCostPerRequest(machineCpu: string): { costMs: number; enforcement: string } {
  const dir = mkdtempSync(join(tmpdir(), 'sl-scale-perf-'));
  const out = join(dir, 'r.json');
  const args = ['bin/scaleladder.mjs', 'bench', '--stage', '1', '--rate', String(RATE), '--step-duration', '6s', '--warmup', '2s', '--calibrate', '0',
    '--seed-links', '20000', '--machine-cpu', machineCpu, '--results-dir', dir, '--out', out];
  const r = spawnSync(process.execPath, args, { cwd: PROJECT_ROOT, stdio: ['ignore', 'ignore', 'pipe'], timeout: 120_000 });
  if (r.status !== 0) throw new Error(`bench --machine-cpu ${machineCpu} failed (exit ${r.status}): ${String(r.stderr).trim().split('\n').pop()}`);
  const res = JSON.parse(readFileSync(out, 'utf8')) as RunResult;
  const app = res.steps[0].processes.find((p) => p.role === 'app')!;
  return { costMs: (app.cpuSeconds * 1000) / res.steps[0].requests.completed, enforcement: res.scaleModel?.enforcement ?? 'none (unconstrained)' };
}

const free: number[] = [];
const held: number[] = [];
let enforcement = '';
for (let i = 0; i < ROUNDS; i++) {
  free.push(appCostPerRequest('none').costMs);
  const h = appCostPerRequest('1');
  held.push(h.costMs);
  enforcement = h.enforcement;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const f = median(free);
const h = median(held);
process.stdout.write(`stage-1 app at ${RATE} req/s, median of ${ROUNDS} alternated runs (CPU-ms per request):\n`);
process.stdout.write(`  unconstrained (--machine-cpu none)        ${f.toFixed(4)}   runs: ${free.map((x) => x.toFixed(4)).join(', ')}\n`);
process.stdout.write(`  on a 1-core machine (${enforcement}, no throttling)  ${h.toFixed(4)}   runs: ${held.map((x) => x.toFixed(4)).join(', ')}\n`);
process.stdout.write(`  model overhead: ${(((h - f) / f) * 100).toFixed(1)} % (goal: under 5 %; the spread between runs is the noise floor)\n`);
