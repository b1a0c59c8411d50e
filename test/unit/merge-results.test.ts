// Merging several generator hosts' results: equals recording both streams into one histogram; refuses other runs.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { UserError } from '../../harness/errors/user-error.ts';
import { decodeHistogram, encodeHistogram, newLatencyHistogram, recordUs, summarize, type Histogram } from '../../harness/measure/histogram.ts';
import { configHash } from '../../harness/results/config-hash.ts';
import type { RunConfig } from '../../harness/results/run-config.ts';
import { DEFAULT_WORKLOAD } from '../../loadtests/workload/workload-config.ts';
import { testRunConfig } from '../helpers/run-config-fixture.ts';
import { mergeResults } from '../../harness/results/merge-results.ts';
import { validateResult } from '../../harness/results/validate-result.ts';
import type { ProcessCost, RunResult, StepResult } from '../../harness/results/result-types.ts';
import { mulberry32 } from '../../loadtests/workload/prng.ts';

/** One request of a synthetic stream: its latency, endpoint and the second of the step it completed in. */
interface Req {
  us: number;
  endpoint: 'redirect' | 'create';
  second: number;
}

function stream(seed: number, n: number, scaleUs: number, seconds: number): Req[] {
  const r = mulberry32(seed);
  return Array.from({ length: n }, () => ({
    us: Math.round(scaleUs * Math.exp(2 * r())),
    endpoint: r() < 0.1 ? 'create' : 'redirect',
    second: Math.floor(r() * seconds),
  }));
}

function hist(reqs: Req[]): Histogram {
  const h = newLatencyHistogram();
  for (const q of reqs) recordUs(h, q.us);
  return h;
}

function pct(h: Histogram) {
  const s = summarize(h);
  return { p50: s.p50, p90: s.p90, p99: s.p99, p999: s.p999, max: s.max };
}

const CONFIG = testRunConfig({
  tiers: [{ tier: '1k', users: 1000, rate: 40.4, derivation: '…' }],
  stepDurationS: 8,
  connections: 64,
  seedLinks: 1000,
  workload: { ...DEFAULT_WORKLOAD, zipfSkew: 1, readWriteRatio: 100 },
  target: 'http://10.0.0.5:8080',
});

function proc(name: string, pid: number, cpuSeconds: number): ProcessCost {
  return { name, role: name === 'loadgen' ? 'loadgen' : 'app', pid, cpuSeconds, utilization: cpuSeconds / 8, rssPeakBytes: 50_000_000 + pid, cpuMsPerRequest: 0 };
}

function step(reqs: Req[], opts: { rate: number; tier?: string; errors?: Record<string, number>; app?: ProcessCost[] }): StepResult {
  const h = hist(reqs);
  const seconds = [...new Set(reqs.map((q) => q.second))].sort((a, b) => a - b);
  const byEndpoint: StepResult['byEndpoint'] = {};
  for (const ep of ['redirect', 'create'] as const) {
    const eh = hist(reqs.filter((q) => q.endpoint === ep));
    if (eh.totalCount > 0) byEndpoint[ep] = { count: eh.totalCount, latencyUs: pct(eh), histogram: encodeHistogram(eh) };
  }
  const errors = opts.errors ?? {};
  const failed = Object.values(errors).reduce((a, b) => a + b, 0);
  return {
    tier: opts.tier ?? '1k',
    users: 1000,
    kind: 'tier',
    model: 'open',
    driver: 'open',
    targetRate: opts.rate,
    achievedRate: reqs.length / 8,
    durationS: 8,
    connections: 64,
    requests: { sent: reqs.length + failed, completed: reqs.length, lateSends: 1, dropped: 0 },
    statusCounts: { '302': reqs.filter((q) => q.endpoint === 'redirect').length, '201': reqs.filter((q) => q.endpoint === 'create').length },
    errors,
    errorRate: failed / (reqs.length + failed),
    latencyUs: pct(h),
    histogram: encodeHistogram(h),
    uncorrected: { latencyUs: pct(h), histogram: encodeHistogram(h) },
    byEndpoint,
    intervals: seconds.map((s) => ({ startMs: s * 1000, endMs: (s + 1) * 1000, histogram: encodeHistogram(hist(reqs.filter((q) => q.second === s))) })),
    processes: opts.app ?? [proc('app', 100, 4)],
    loadgen: proc('loadgen', 200, 1),
    loadgenBound: false,
    slo: { pass: true, p99Ms: pct(h).p99 / 1000, errorRate: 0, reasons: [] },
    figures: { dbReadsPerRedirect: 1 },
  };
}

function result(host: string, steps: StepResult[], config: RunConfig = CONFIG): RunResult {
  return {
    schema: 'scaleladder/result@1',
    schemaVersion: 1,
    tool: { name: 'scaleladder', version: '0.1.0' },
    stage: 1,
    commit: 'abc123',
    dirty: false,
    env: {
      hostname: host,
      cpuModel: 'x',
      cores: 2,
      memoryBytes: 1,
      os: 'linux',
      kernel: '6',
      node: 'v20',
      tools: {},
      placement: { pinned: false, reason: 'test' },
    },
    config,
    configHash: configHash(config),
    startedAt: host === 'a' ? '2025-05-06T10:00:01.000Z' : '2025-05-06T10:00:00.500Z',
    finishedAt: host === 'a' ? '2025-05-06T10:00:11.000Z' : '2025-05-06T10:00:10.000Z',
    aborted: false,
    emulated: [],
    seed: { links: 1000, ms: 10 },
    bootMs: 100,
    steps,
  };
}

describe('mergeResults of two hosts', () => {
  const a = stream(1, 3000, 800, 8);
  const b = stream(2, 2000, 2500, 9);
  const merged = mergeResults([result('a', [step(a, { rate: 40, errors: { timeout: 2 } })]), result('b', [step(b, { rate: 60, errors: { timeout: 1, connect: 3 } })])]);
  const s = merged.steps[0];
  const both = hist([...a, ...b]);

  test('the merged histogram is the one recording both streams would have made, and its percentiles too', () => {
    const h = decodeHistogram(s.histogram);
    expect(h.totalCount).toBe(5000);
    expect(summarize(h)).toEqual(summarize(both));
    for (let p = 1; p <= 100; p += 1) expect(h.getValueAtPercentile(p)).toBe(both.getValueAtPercentile(p));
    expect(s.latencyUs).toEqual(pct(both));
    expect(s.uncorrected?.latencyUs).toEqual(pct(both));
  });

  test('per endpoint: histograms added, counts the merged totals', () => {
    for (const ep of ['redirect', 'create'] as const) {
      const want = hist([...a, ...b].filter((q) => q.endpoint === ep));
      expect(s.byEndpoint[ep].count).toBe(want.totalCount);
      expect(s.byEndpoint[ep].latencyUs).toEqual(pct(want));
    }
  });

  test('counts, status counts, errors and rates summed; error rate recomputed over all attempts', () => {
    expect(s.requests).toEqual({ sent: 5006, completed: 5000, lateSends: 2, dropped: 0 });
    expect(s.statusCounts['302'] + s.statusCounts['201']).toBe(5000);
    expect(s.errors).toEqual({ timeout: 3, connect: 3 });
    expect(s.errorRate).toBeCloseTo(6 / 5006, 6);
    expect(s.targetRate).toBe(100);
    expect(s.achievedRate).toBe(625);
    expect(s.connections).toBe(128);
  });

  test('intervals merged by startMs: second k of both hosts is one histogram; the extra second of host b stays', () => {
    expect(s.intervals.map((i) => i.startMs)).toEqual([0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000]);
    for (const iv of s.intervals) {
      const sec = iv.startMs / 1000;
      expect(decodeHistogram(iv.histogram).totalCount).toBe([...a, ...b].filter((q) => q.second === sec).length);
    }
  });

  test('the target process both hosts saw is one process; generators add up; SLO judged on the merged p99', () => {
    expect(s.processes).toHaveLength(1);
    expect(s.processes[0].cpuMsPerRequest).toBeCloseTo((4 * 1000) / 5000, 5);
    expect(s.loadgen.cpuSeconds).toBe(2);
    expect(s.slo.p99Ms).toBe(pct(both).p99 / 1000);
    expect(s.slo.pass).toBe(pct(both).p99 / 1000 < 100 && s.errorRate < 0.001);
  });

  test('run level: both hostnames, earliest start, latest finish, rates summed in the config with a fresh hash', () => {
    expect(merged.env.hostname).toBe('a+b');
    expect(merged.startedAt).toBe('2025-05-06T10:00:00.500Z');
    expect(merged.finishedAt).toBe('2025-05-06T10:00:11.000Z');
    expect(merged.config.tiers[0].rate).toBeCloseTo(80.8);
    expect(merged.config.generators).toEqual(['a', 'b']);
    expect(merged.configHash).toBe(configHash(merged.config));
  });

  test('the merged result is a valid result file (JSON Schema)', () => {
    expect(validateResult(JSON.parse(JSON.stringify(merged)))).toMatchObject({ ok: true });
  });
});

test('property: for any two streams, merged percentiles equal those of one histogram of both streams', () => {
  const lat = fc.array(fc.integer({ min: 1, max: 50_000_000 }), { minLength: 1, maxLength: 300 });
  fc.assert(
    fc.property(lat, lat, (xs, ys) => {
      const toReqs = (v: number[]): Req[] => v.map((us) => ({ us, endpoint: 'redirect', second: 0 }));
      const m = mergeResults([result('a', [step(toReqs(xs), { rate: 1 })]), result('b', [step(toReqs(ys), { rate: 1 })])]);
      const want = hist(toReqs([...xs, ...ys]));
      expect(m.steps[0].latencyUs).toEqual(pct(want));
      expect(decodeHistogram(m.steps[0].histogram).totalCount).toBe(xs.length + ys.length);
    }),
    { numRuns: 25 },
  );
});

describe('refusals', () => {
  const reqs = stream(3, 100, 1000, 2);

  test('a different workload config is refused, naming the field and both values', () => {
    const other = { ...CONFIG, workload: { ...CONFIG.workload, zipfSkew: 1.2 } };
    const run = () => mergeResults([result('a', [step(reqs, { rate: 1 })]), result('b', [step(reqs, { rate: 1 })], other)]);
    expect(run).toThrow(UserError);
    expect(run).toThrow('cannot merge: result 2 (b) has another config than result 1 (a) (workload.zipfSkew: 1 vs 1.2); merge only results of one run');
  });

  test('generator-specific fields (threads, connections, each host\'s share of the rate) may differ', () => {
    const other = { ...CONFIG, threads: 4, connections: 16, tiers: [{ tier: '1k', users: 1000, rate: 20.2, derivation: 'half' }] };
    expect(() => mergeResults([result('a', [step(reqs, { rate: 1 })]), result('b', [step(reqs, { rate: 1 })], other)])).not.toThrow();
  });

  test('different steps are refused, listing both', () => {
    const run = () => mergeResults([result('a', [step(reqs, { rate: 1 })]), result('b', [step(reqs, { rate: 1 }), step(reqs, { rate: 1, tier: '10k' })])]);
    expect(run).toThrow('cannot merge: result 2 (b) has steps [1k/tier, 10k/tier], result 1 (a) has [1k/tier]; merge only results of one run');
  });

  test('another stage, or no result at all, is refused', () => {
    const b = { ...result('b', [step(reqs, { rate: 1 })]), stage: 2 };
    expect(() => mergeResults([result('a', [step(reqs, { rate: 1 })]), b])).toThrow(/result 2 \(b\) is of stage 2, result 1 \(a\) of stage 1/);
    expect(() => mergeResults([])).toThrow('merge needs at least one result file');
  });
});
