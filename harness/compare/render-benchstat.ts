// Pure: runs as Go benchmark format lines (golang.org/design/14313-benchmark-format), one line per run and step, so the stock benchstat reads our repeats as its samples.
import type { RunResult } from '../results/result-types.ts';
import { cpuByComponent } from './extract-samples.ts';

/** A benchmark result line: "Benchmark<Name> <iterations> <value> <unit> [<value> <unit>...]". */
export const GO_BENCH_LINE = /^Benchmark\S+\s+\d+(\s+[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s+\S+)+$/;

/** Units and which way is better; ns-based units let benchstat scale them (it tidies "ns" to "sec"). */
const UNITS: [string, 'higher' | 'lower'][] = [
  ['req/s', 'higher'],
  ['p50-ns', 'lower'],
  ['p90-ns', 'lower'],
  ['p99-ns', 'lower'],
  ['p99.9-ns', 'lower'],
  ['error-ratio', 'lower'],
  ['knee-req/s', 'higher'],
];

/** Names and units may not hold spaces; keep them to characters benchstat's name and unit parsers leave alone. */
function token(s: string): string {
  return s.replace(/[^A-Za-z0-9_.+]/g, '_');
}

function num(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
}

function configLines(run: RunResult, side?: string): string[] {
  const [, goos = 'unknown', arch = 'unknown'] = (run.env?.os ?? '').split(/\s+/);
  const goarch = arch === 'x64' ? 'amd64' : arch === 'ia32' ? '386' : arch;
  const lines = [`goos: ${goos}`, `goarch: ${goarch}`, `pkg: scaleladder/stage${run.stage}`, `cpu: ${run.env?.cpuModel ?? 'unknown'}`];
  if (side) lines.push(`side: ${side}`);
  lines.push(`commit: ${run.commit ?? 'none'}`);
  return lines;
}

function runLines(run: RunResult, units: Set<string>): string[] {
  const procs = Math.max(1, run.env?.cores ?? 1);
  const lines: string[] = [];
  const seen = new Map<string, number>();
  for (const step of run.steps) {
    if (step.kind === 'warmup' || step.kind === 'knee' || step.aborted) continue;
    let name = `Stage${run.stage}/tier=${token(step.tier)}`;
    if (step.kind === 'probe') name += `/kind=probe/conns=${step.connections}`;
    const occurrence = (seen.get(name) ?? 0) + 1;
    seen.set(name, occurrence);
    if (occurrence > 1) name += `/rep=${occurrence}`;
    const pairs: string[] = [
      `${num(step.achievedRate)} req/s`,
      `${num(step.latencyUs.p50 * 1000)} p50-ns`,
      `${num(step.latencyUs.p90 * 1000)} p90-ns`,
      `${num(step.latencyUs.p99 * 1000)} p99-ns`,
      `${num(step.latencyUs.p999 * 1000)} p99.9-ns`,
      `${num(step.errorRate)} error-ratio`,
    ];
    for (const [component, ms] of cpuByComponent(step)) {
      const unit = `cpu.${token(component)}-ns/req`;
      units.add(unit);
      pairs.push(`${num(ms * 1e6)} ${unit}`);
    }
    lines.push(`Benchmark${name}-${procs} ${Math.max(1, step.requests?.completed ?? 1)} ${pairs.join(' ')}`);
  }
  if (run.knee) lines.push(`BenchmarkStage${run.stage}/knee-${procs} 1 ${num(run.knee.rate)} knee-req/s`);
  return lines;
}

/** One side (or both, tagged with a `side:` configuration key so `benchstat -col side FILE` compares them). */
export function renderBenchstat(sides: { name?: string; runs: readonly RunResult[] }[]): string {
  const units = new Set<string>();
  const body: string[] = [];
  for (const { name, runs } of sides) {
    for (const run of runs) {
      body.push(...configLines(run, name), ...runLines(run, units), '');
    }
  }
  const header = ['# scaleladder results in Go benchmark format' + (sides.length > 1 ? '; compare with: benchstat -col side FILE' : '')];
  for (const [unit, better] of UNITS) header.push(`Unit ${unit} better=${better}`);
  for (const unit of [...units].sort()) header.push(`Unit ${unit} better=lower`);
  return [...header, '', ...body].join('\n');
}
