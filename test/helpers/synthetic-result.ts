// Test helper: schema-valid synthetic RunResults whose histograms really encode the given latencies, from specs or through the real aggregate.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { aggregateStep } from '../../harness/bench/aggregate-step.ts';
import type { StepMeasurement } from '../../harness/drivers/driver-types.ts';
import { encodeHistogram, newLatencyHistogram, recordUs, summarize } from '../../harness/measure/histogram.ts';
import { configHash } from '../../harness/results/config-hash.ts';
import type { EnvInfo, ProcessCost, RunConfig, RunResult, StepFigures, StepResult } from '../../harness/results/result-types.ts';
import { testRunConfig } from './run-config-fixture.ts';
import { mulberry32, type Random } from '../../loadtests/workload/prng.ts';

export const TEST_ENV: EnvInfo = {
  hostname: 'test-host',
  cpuModel: 'Synthetic CPU @ 3.0GHz',
  cores: 2,
  memoryBytes: 8 * 2 ** 30,
  os: 'Linux linux x64',
  kernel: '6.1.0',
  node: 'v20.20.2',
  tools: { 'redis-server': '7.0.15', nginx: null, haproxy: null, k6: null },
  placement: { pinned: false, reason: 'synthetic' },
};

export interface SyntheticStep {
  tier: string;
  kind?: StepResult['kind'];
  model?: StepResult['model'];
  latenciesUs: number[];
  achievedRate: number;
  targetRate?: number | null;
  connections?: number;
  errorRate?: number;
  /** Components' CPU-ms per request (one process each). */
  processes?: { name: string; role: string; cpuMsPerRequest: number }[];
  figures?: StepFigures;
  loadgenBound?: boolean;
  durationS?: number;
}

export interface SyntheticRun {
  stage: number;
  steps: SyntheticStep[];
  commit?: string;
  env?: Partial<EnvInfo>;
  configHash?: string;
  config?: Partial<RunConfig>;
  knee?: number;
  startedAt?: string;
}

/** Standard normal draw (Box–Muller) from a seeded uniform source. */
export function gaussian(rng: Random): number {
  const u = Math.max(rng(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/** n log-normal latencies around medianUs (shape sigma), from a seeded generator. */
export function lognormalLatencies(rng: Random, n: number, medianUs: number, sigma = 0.5): number[] {
  return Array.from({ length: n }, () => medianUs * Math.exp(sigma * gaussian(rng)));
}

/** Multiplies every value above the given quantile by factor: moves p99/p99.9, leaves p50/p90 where they were. */
export function scaleTail(values: number[], aboveQuantile: number, factor: number): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const cut = sorted[Math.ceil(aboveQuantile * sorted.length) - 1];
  return values.map((v) => (v > cut ? v * factor : v));
}

function proc(name: string, role: string, cpuMsPerRequest: number, completed: number, durationS: number): ProcessCost {
  const cpuSeconds = (cpuMsPerRequest * completed) / 1000;
  return { name, role, pid: 1000, cpuSeconds, utilization: cpuSeconds / durationS, rssPeakBytes: 50 * 2 ** 20, cpuMsPerRequest };
}

export function syntheticStep(s: SyntheticStep): StepResult {
  const h = newLatencyHistogram();
  for (const v of s.latenciesUs) recordUs(h, v);
  const sum = summarize(h);
  const durationS = s.durationS ?? 10;
  const completed = s.latenciesUs.length;
  const errorRate = s.errorRate ?? 0;
  const sent = completed;
  const errors = Math.round(errorRate * sent);
  const latencyUs = { p50: sum.p50, p90: sum.p90, p99: sum.p99, p999: sum.p999, max: sum.max };
  return {
    tier: s.tier,
    users: null,
    kind: s.kind ?? 'tier',
    model: s.model ?? 'open',
    driver: 'open',
    targetRate: s.targetRate === undefined ? s.achievedRate : s.targetRate,
    achievedRate: s.achievedRate,
    durationS,
    connections: s.connections ?? 64,
    requests: { sent, completed, lateSends: 0, dropped: 0 },
    statusCounts: { '302': completed - errors, ...(errors > 0 ? { '500': errors } : {}) },
    errors: errors > 0 ? { http500: errors } : {},
    errorRate: sent > 0 ? errors / sent : 0,
    latencyUs,
    histogram: encodeHistogram(h),
    byEndpoint: {},
    intervals: [],
    processes: (s.processes ?? []).map((p) => proc(p.name, p.role, p.cpuMsPerRequest, completed, durationS)),
    loadgen: proc('loadgen', 'loadgen', 0.05, completed, durationS),
    loadgenBound: s.loadgenBound ?? false,
    slo: { pass: sum.p99 < 100_000 && errorRate < 0.001, p99Ms: sum.p99 / 1000, errorRate, reasons: [] },
    figures: s.figures ?? {},
  };
}

export function syntheticRun(r: SyntheticRun): RunResult {
  const startedAt = r.startedAt ?? '2025-01-01T00:00:00.000Z';
  return {
    schema: 'scaleladder/result@1',
    schemaVersion: 1,
    tool: { name: 'scaleladder', version: '0.1.0' },
    stage: r.stage,
    commit: r.commit ?? '0123456789abcdef0123456789abcdef01234567',
    dirty: false,
    env: { ...TEST_ENV, ...r.env },
    config: testRunConfig({ stage: r.stage, ...r.config }),
    configHash: r.configHash ?? 'aaaaaaaaaaaaaaaa',
    startedAt,
    finishedAt: startedAt,
    aborted: false,
    emulated: [],
    seed: { links: 1000, ms: 10 },
    bootMs: 100,
    steps: r.steps.map(syntheticStep),
    ...(r.knee !== undefined
      ? { knee: { rate: r.knee, slo: { p99Ms: 100, errorRate: 0.001 }, brokeBy: 'app CPU', probes: [] } }
      : {}),
  };
}

export interface RepeatSpec {
  stage?: number;
  runs: number;
  seed: number;
  /** Median latency (µs) of the tier step. */
  medianUs?: number;
  /** Factor on every latency above the 90th percentile (1.2 = a 20 % p99 regression). */
  tailFactor?: number;
  /** Factor on every latency (1.02 = 2 % slower everywhere). */
  latencyFactor?: number;
  rate?: number;
  appCpuMs?: number;
  samplesPerRun?: number;
  commit?: string;
  env?: Partial<EnvInfo>;
  configHash?: string;
  knee?: number;
}

/** `runs` repeated runs of one stage at tiers 1k and 10k, with run-to-run noise from a seeded RNG. */
export function repeatedRuns(spec: RepeatSpec): RunResult[] {
  const rng = mulberry32(spec.seed);
  const n = spec.samplesPerRun ?? 20_000;
  const out: RunResult[] = [];
  for (let i = 0; i < spec.runs; i++) {
    const steps: SyntheticStep[] = ['1k', '10k'].map((tier, t) => {
      const runNoise = 1 + 0.01 * gaussian(rng);
      let lat = lognormalLatencies(rng, n, (spec.medianUs ?? 2000) * (1 + t) * runNoise * (spec.latencyFactor ?? 1));
      if (spec.tailFactor && spec.tailFactor !== 1) lat = scaleTail(lat, 0.9, spec.tailFactor);
      const rate = (spec.rate ?? 460) * (t === 0 ? 1 : 10);
      return {
        tier,
        latenciesUs: lat,
        achievedRate: rate * (1 + 0.001 * gaussian(rng)),
        processes: [{ name: 'app-1', role: 'app', cpuMsPerRequest: (spec.appCpuMs ?? 0.5) * (1 + 0.01 * gaussian(rng)) }],
      };
    });
    out.push(
      syntheticRun({
        stage: spec.stage ?? 1,
        steps,
        commit: spec.commit,
        env: spec.env,
        configHash: spec.configHash,
        knee: spec.knee !== undefined ? spec.knee * (1 + 0.005 * gaussian(rng)) : undefined,
        startedAt: new Date(Date.UTC(2025, 0, 1, 0, i)).toISOString(),
      }),
    );
  }
  return out;
}

/** Writes runs as run-00.json, run-01.json… into dir (a folder of repeated runs, as `compare` reads it). */
export function writeRuns(dir: string, runs: RunResult[]): string {
  mkdirSync(dir, { recursive: true });
  runs.forEach((r, i) => writeFileSync(join(dir, `run-${String(i).padStart(2, '0')}.json`), JSON.stringify(r)));
  return dir;
}

/** A driver's StepMeasurement of these latencies (all redirects, 100 req/s), for the pure pipeline. */
export function measurement(latenciesUs: number[], over: Partial<StepMeasurement> = {}): StepMeasurement {
  const h = newLatencyHistogram();
  const redirect = newLatencyHistogram();
  for (const v of latenciesUs) {
    recordUs(h, v);
    recordUs(redirect, v);
  }
  return {
    driver: 'open',
    model: 'open',
    intendedRate: 100,
    achievedRate: 100,
    durationS: latenciesUs.length / 100,
    sent: latenciesUs.length,
    completed: latenciesUs.length,
    lateSends: 0,
    dropped: 0,
    statusCounts: { '302': latenciesUs.length },
    errors: {},
    latency: h,
    uncorrected: null,
    byEndpoint: { redirect },
    schedulingLag: null,
    intervals: [],
    aborted: false,
    notes: [],
    ...over,
  };
}

/** A one-step stage-1 result whose step went through the real aggregateStep. */
export function syntheticResult(latenciesUs: number[]): RunResult {
  const proc = { name: 'app-1', role: 'app', pid: 10, cpuSeconds: 0.5, utilization: 0.5, rssPeakBytes: 50e6 };
  const step = aggregateStep({
    tier: '1k',
    users: 1000,
    kind: 'tier',
    connections: 8,
    measurement: measurement(latenciesUs),
    processes: [proc],
    loadgen: { ...proc, name: 'loadgen', role: 'loadgen', pid: 11, utilization: 0.2 },
    loadgenCores: 1,
    slo: { p99Ms: 100, errorRate: 0.001 },
    figures: { dbReadsPerRedirect: 1 },
  });
  return { ...syntheticRun({ stage: 1, steps: [], configHash: configHash(testRunConfig()) }), steps: [step] };
}
