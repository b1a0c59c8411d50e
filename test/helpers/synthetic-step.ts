// Test helper: a StepMeasurement and a RunResult built from known latency values, for pure-pipeline tests.
import { newLatencyHistogram, recordUs } from '../../harness/measure/histogram.ts';
import type { StepMeasurement } from '../../harness/drivers/driver-types.ts';
import { aggregateStep } from '../../harness/bench/aggregate-step.ts';
import { configHash } from '../../harness/results/config-hash.ts';
import { testRunConfig } from './run-config-fixture.ts';
import { RESULT_SCHEMA_ID, RESULT_SCHEMA_VERSION, type RunResult } from '../../harness/results/result-types.ts';

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
  const config = testRunConfig();
  return {
    schema: RESULT_SCHEMA_ID,
    schemaVersion: RESULT_SCHEMA_VERSION,
    tool: { name: 'scaleladder', version: '0.0.0' },
    stage: 1,
    commit: 'abc',
    dirty: false,
    env: {
      hostname: 'h', cpuModel: 'cpu', cores: 2, memoryBytes: 1e9, os: 'Linux', kernel: '6', node: 'v20',
      tools: { nginx: null }, placement: { pinned: false, reason: 'test' },
    },
    config,
    configHash: configHash(config),
    startedAt: new Date(0).toISOString(),
    finishedAt: new Date(1000).toISOString(),
    aborted: false,
    emulated: [],
    seed: { links: 10, ms: 1 },
    bootMs: 1,
    steps: [step],
  };
}
