// Browser-test scenario: a four-stage ladder with per-second interval logs (charts), on the shared synthetic-result helper.
import { encodeHistogram, newLatencyHistogram, recordUs, summarize, type Histogram } from '../../../harness/measure/histogram.ts';
import { RESULT_SCHEMA_ID, RESULT_SCHEMA_VERSION, type ProcessCost, type RunResult, type StepResult } from '../../../harness/results/result-types.ts';
import { mulberry32 } from '../../../loadtests/workload/prng.ts';
import { testRunConfig } from '../../helpers/run-config-fixture.ts';
import { gaussian, TEST_ENV } from '../../helpers/synthetic-result.ts';

export interface SyntheticStep {
  tier: string;
  users: number | null;
  kind?: StepResult['kind'];
  /** Target arrival rate (req/s). */
  rate: number;
  /** Achieved rate (default: the target). */
  achieved?: number;
  /** Median latency in µs; values are log-normal around it. */
  medianUs: number;
  /** Spread of the log-normal (default 0.4); larger = heavier tail. */
  sigma?: number;
  /** Share of values that stall (10–40 × the median), e.g. a saturated step (default 0.002). */
  stallShare?: number;
  loadgenBound?: boolean;
  bottleneck?: string;
  /** CPU-ms per request per process name (default app-1: 0.4). */
  cpuMs?: Record<string, number>;
  durationS?: number;
}

export interface SyntheticRun {
  stage: number;
  steps: SyntheticStep[];
  knee?: { rate: number; brokeBy: string };
  emulated?: string[];
  commit?: string;
  startedAt?: string;
  seed?: number;
  /** Per-second values recorded (default 400). */
  perSecond?: number;
}

const ROLE: Record<string, string> = { redis: 'cache', nginx: 'balancer', cdn: 'cdn', sqlite: 'db' };

function latencyUs(rnd: () => number, s: SyntheticStep): number {
  const stall = rnd() < (s.stallShare ?? 0.002);
  const base = s.medianUs * Math.exp((s.sigma ?? 0.4) * gaussian(rnd));
  return stall ? base * (10 + 30 * rnd()) : base;
}

function step(s: SyntheticStep, rnd: () => number, perSecond: number): StepResult {
  const durationS = s.durationS ?? 6;
  const whole = newLatencyHistogram();
  const intervals: StepResult['intervals'] = [];
  // A saturated step drifts upward over time, as a queue builds.
  const drift = (s.stallShare ?? 0) > 0.02 ? 0.35 : 0;
  for (let sec = 0; sec < durationS; sec++) {
    const h: Histogram = newLatencyHistogram();
    const factor = 1 + drift * sec;
    for (let i = 0; i < perSecond; i++) {
      const v = latencyUs(rnd, s) * factor;
      recordUs(h, v);
      recordUs(whole, v);
    }
    intervals.push({ startMs: sec * 1000, endMs: (sec + 1) * 1000, histogram: encodeHistogram(h) });
  }
  const sum = summarize(whole);
  const achieved = s.achieved ?? s.rate;
  const completed = Math.round(achieved * durationS);
  const latency = { p50: sum.p50, p90: sum.p90, p99: sum.p99, p999: sum.p999, max: sum.max };
  const p99Ms = sum.p99 / 1000;
  const reasons = [p99Ms >= 100 ? `p99 ${p99Ms.toFixed(1)} ms ≥ 100 ms` : '', achieved < s.rate * 0.95 ? 'rate not reached' : ''].filter(Boolean);
  const cpu = s.cpuMs ?? { 'app-1': 0.4 };
  const proc = (name: string, ms: number, pid: number): ProcessCost => ({
    name,
    role: ROLE[name.replace(/-\d+$/, '')] ?? 'app',
    pid,
    cpuSeconds: (ms * completed) / 1000,
    utilization: (ms * completed) / 1000 / durationS,
    rssPeakBytes: 60e6 + pid * 1e6,
    cpuMsPerRequest: ms,
  });
  const processes = Object.entries(cpu).map(([name, ms], i) => proc(name, ms, 1000 + i));
  const histogram = encodeHistogram(whole);
  return {
    tier: s.tier,
    users: s.users,
    kind: s.kind ?? 'tier',
    model: 'open',
    driver: 'open',
    targetRate: s.rate,
    achievedRate: achieved,
    durationS,
    connections: 64,
    requests: { sent: completed, completed, lateSends: 0, dropped: 0 },
    statusCounts: { '302': completed },
    errors: {},
    errorRate: 0,
    latencyUs: latency,
    histogram,
    byEndpoint: { redirect: { count: sum.count, latencyUs: latency, histogram } },
    intervals,
    processes,
    loadgen: { ...proc('loadgen', 0.15, 999), role: 'loadgen' },
    loadgenBound: s.loadgenBound ?? false,
    ...(s.loadgenBound ? { loadgenBoundReason: 'generator CPU at 97 % of its core' } : {}),
    slo: { pass: reasons.length === 0, p99Ms, errorRate: 0, reasons },
    figures: { cacheHitRatio: 0.9 },
    ...(s.bottleneck ? { bottleneck: s.bottleneck } : {}),
  };
}

export function syntheticRun(r: SyntheticRun): RunResult {
  const rnd = mulberry32(r.seed ?? r.stage * 7919);
  const startedAt = r.startedAt ?? new Date(Date.UTC(2024, 5, 1, 12, r.stage)).toISOString();
  const config = testRunConfig({ stage: r.stage, tiers: r.steps.map((s) => ({ tier: s.tier, users: null, rate: s.rate ?? 0, derivation: 'synthetic' })) });
  return {
    schema: RESULT_SCHEMA_ID,
    schemaVersion: RESULT_SCHEMA_VERSION,
    tool: { name: 'scaleladder', version: '0.1.0' },
    stage: r.stage,
    commit: r.commit ?? 'a1b2c3d4e5f6',
    dirty: false,
    env: { ...TEST_ENV, hostname: 'ci' },
    config,
    configHash: `${r.stage}`.padEnd(16, 'f'),
    startedAt,
    finishedAt: startedAt,
    aborted: false,
    emulated: r.emulated ?? [],
    seed: { links: 10_000, ms: 120 },
    bootMs: 400,
    steps: r.steps.map((s) => step(s, rnd, r.perSecond ?? 400)),
    ...(r.knee ? { knee: { rate: r.knee.rate, slo: { p99Ms: 100, errorRate: 0.001 }, brokeBy: r.knee.brokeBy, probes: [] } } : {}),
  };
}

/** Stages 1–4 over the 1k…100k tiers: stage 1 saturates at 10k, a loadgen-bound step, a knee, an emulated RTT. */
export function syntheticLadder(): RunResult[] {
  const tiers = [
    { tier: '1k', users: 1000, rate: 40.4 },
    { tier: '10k', users: 10_000, rate: 404 },
    { tier: '100k', users: 100_000, rate: 4040 },
  ];
  return [
    syntheticRun({
      stage: 1,
      knee: { rate: 1900, brokeBy: 'app-1 CPU at 98 %' },
      steps: [
        { ...tiers[0], medianUs: 900, cpuMs: { 'app-1': 0.45 } },
        { ...tiers[1], medianUs: 1400, cpuMs: { 'app-1': 0.5 } },
        { ...tiers[2], achieved: 1850, medianUs: 45_000, sigma: 0.8, stallShare: 0.05, bottleneck: 'app-1 CPU at 98 %', cpuMs: { 'app-1': 0.55 } },
      ],
    }),
    syntheticRun({
      stage: 2,
      knee: { rate: 3100, brokeBy: 'app-1 CPU at 97 %' },
      steps: [
        { ...tiers[0], medianUs: 700, cpuMs: { 'app-1': 0.35, redis: 0.05 } },
        { ...tiers[1], medianUs: 800, cpuMs: { 'app-1': 0.36, redis: 0.05 } },
        { ...tiers[2], achieved: 3050, medianUs: 20_000, sigma: 0.7, stallShare: 0.03, bottleneck: 'app-1 CPU at 97 %', cpuMs: { 'app-1': 0.4, redis: 0.06 } },
      ],
    }),
    syntheticRun({
      stage: 3,
      knee: { rate: 5200, brokeBy: 'nginx CPU' },
      steps: [
        { ...tiers[0], medianUs: 950, cpuMs: { 'app-1': 0.2, 'app-2': 0.2, redis: 0.05, nginx: 0.1 } },
        { ...tiers[1], medianUs: 1000, cpuMs: { 'app-1': 0.2, 'app-2': 0.2, redis: 0.05, nginx: 0.1 } },
        { ...tiers[2], medianUs: 1800, loadgenBound: true, cpuMs: { 'app-1': 0.22, 'app-2': 0.21, redis: 0.05, nginx: 0.12 } },
      ],
    }),
    syntheticRun({
      stage: 4,
      emulated: ['client↔edge RTT 5 ms (emulated)', 'edge↔origin RTT 80 ms <b>(emulated)</b>'],
      steps: [
        { ...tiers[0], medianUs: 5600, sigma: 0.2, cpuMs: { 'app-1': 0.1, redis: 0.02, nginx: 0.05, cdn: 0.15 } },
        { ...tiers[1], medianUs: 5700, sigma: 0.2, cpuMs: { 'app-1': 0.1, redis: 0.02, nginx: 0.05, cdn: 0.15 } },
        { ...tiers[2], medianUs: 6000, sigma: 0.25, cpuMs: { 'app-1': 0.1, redis: 0.02, nginx: 0.05, cdn: 0.16 } },
      ],
    }),
  ];
}
