// Item 13 of issue 12: the wait for a pooled connection is measured on its own and, when it dominates p99 with no target
// process saturated, the step is flagged connection-limited on the generator side (not charged to the target).
import { afterEach, describe, expect, it } from 'vitest';
import { spawnStallServer } from '../fixtures/driver-stall-server.ts';
import type { StartedTargetServer } from '../fixtures/driver-target-server.ts';
import { openModelDriver } from '../../harness/drivers/open-model/open-model-driver.ts';
import { normalizeWorkload } from '../../loadtests/workload/workload-config.ts';
import { aggregateStep } from '../../harness/bench/aggregate-step.ts';
import { sizeConnections } from '../../harness/drivers/connection-sizing.ts';

let server: StartedTargetServer | null = null;
afterEach(async () => {
  await server?.stop();
  server = null;
});

describe('pool wait', () => {
  it('given one connection to a 20 ms target at 60 req/s, then the pool wait is its own histogram and the step is connection-limited on the generator side', async () => {
    server = await spawnStallServer({ latencyMs: 20, freezeMs: 0 });
    const m = await openModelDriver.runStep({
      baseUrl: server.url, rate: 60, durationS: 2, connections: 1, workload: normalizeWorkload({ readWriteRatio: Infinity, unknownShare: 0, metadataShare: 0 }),
      codes: ['aaaaaaa', 'bbbbbbb'], timeoutMs: 10_000, threads: 1, streamId: 0,
    });
    expect(m.poolWait!.totalCount).toBe(m.completed);
    expect(m.poolWait!.getValueAtPercentile(99)).toBeGreaterThan(100_000);
    const step = aggregateStep({
      tier: 'pool', users: null, kind: 'tier', connections: 1, measurement: m, loadgenCores: 1, slo: { p99Ms: 100, errorRate: 0.001 }, figures: {},
      loadgen: { name: 'loadgen', role: 'loadgen', pid: process.pid, cpuSeconds: 0.1, utilization: 0.05, rssPeakBytes: 1 },
      processes: [{ name: 'app', role: 'app', pid: 1, cpuSeconds: 0.05, utilization: 0.03, rssPeakBytes: 1 }],
    });
    expect(step.poolWait!.latencyUs.p99).toBeGreaterThan(100_000);
    expect(step.loadgenBound).toBe(true);
    expect(step.loadgenBoundReason).toMatch(/connection-limited on the generator side/);
  }, 30_000);
});

describe('connection sizing by Little\'s law', () => {
  it('sizes the pool as rate × expected latency × headroom, never below the floor, and keeps a user-set value', () => {
    expect(sizeConnections({ rate: 40 }).connections).toBe(64);
    expect(sizeConnections({ rate: 20_000 }).connections).toBe(400); // 20,000/s × 10 ms × 2: the make-perf rate where 64 fell short
    expect(sizeConnections({ rate: 20_000, expectedLatencyMs: 25 }).connections).toBe(1000);
    expect(sizeConnections({ rate: 1e6 }).connections).toBe(4096);
    expect(sizeConnections({ rate: 20_000, userSet: 64 }).connections).toBe(64);
    expect(sizeConnections({ rate: 20_000 }).derivation).toMatch(/20000 req\/s × 10 ms × 2/);
  });
});
