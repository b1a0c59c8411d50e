// The autocannon driver: closed-model probes with the shared workload, counted by status, timed in microseconds.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startTargetServer, type SeenRequest, type StartedTargetServer } from '../fixtures/driver-target-server.ts';
import { autocannonMaxDriver } from '../../harness/drivers/autocannon/autocannon-driver.ts';
import { summarize } from '../../harness/measure/histogram.ts';
import { normalizeWorkload } from '../../loadtests/workload/workload-config.ts';
import type { StepSpec } from '../../harness/drivers/driver-types.ts';

const codes = Array.from({ length: 300 }, (_, i) => `a${String(i).padStart(6, '0')}`);
let server: StartedTargetServer | null = null;

afterEach(async () => {
  await server?.stop();
  server = null;
});

const spec = (baseUrl: string, over: Partial<StepSpec> = {}): StepSpec => ({
  baseUrl,
  rate: 0,
  durationS: 2,
  connections: 4,
  workload: normalizeWorkload({ readWriteRatio: 20, unknownShare: 0.05, regions: { eu: 1 } }),
  codes,
  timeoutMs: 5000,
  threads: 1,
  streamId: 0,
  ...over,
});

describe('autocannon driver', () => {
  it('given a 2 ms target, when probed with 4 connections for 2 s, then counts, statuses and a microsecond histogram come back', async () => {
    const seen: SeenRequest[] = [];
    server = await startTargetServer({ latencyMs: 2, onRequest: (r) => seen.push(r) });

    const m = await autocannonMaxDriver.runStep(spec(server.url));

    expect(m.driver).toBe('autocannon');
    expect(m.model).toBe('closed');
    expect(m.intendedRate).toBeNull();
    expect(m.uncorrected).toBeNull();
    expect(m.schedulingLag).toBeNull();
    expect(m.completed).toBeGreaterThan(100);
    expect(m.errors).toEqual({});
    expect(m.latency.totalCount).toBe(m.completed);
    expect(Object.values(m.statusCounts).reduce((a, n) => a + n, 0)).toBe(m.completed);
    expect(m.statusCounts['302']).toBeGreaterThan(0);
    expect(m.statusCounts['201']).toBeGreaterThan(0);
    expect(m.byEndpoint.create.totalCount).toBe(m.statusCounts['201']);
    // Every answered request was one the target saw; at most one per connection was cut off at the end.
    expect(seen.length).toBeGreaterThanOrEqual(m.completed);
    expect(m.sent - m.completed).toBeLessThanOrEqual(4);
    expect(seen.every((r) => r.headers['x-client-region'] === 'eu')).toBe(true);
    const posts = seen.filter((r) => r.method === 'POST');
    expect(posts.length).toBeGreaterThan(0);
    for (const p of posts) {
      expect(p.url).toBe('/api/links');
      expect(p.headers['content-type']).toBe('application/json');
      expect(JSON.parse(p.body).url).toMatch(/^https:\/\//);
    }
    // Microseconds, not autocannon's whole milliseconds: 2 ms of latency plus some, and not all on ms boundaries.
    const s = summarize(m.latency);
    expect(s.p50).toBeGreaterThanOrEqual(1_900);
    expect([s.min, s.p50, s.p90, s.p99, s.max].some((v) => v % 1000 !== 0)).toBe(true);
    expect(m.achievedRate).toBeCloseTo(m.completed / m.durationS, 6);
    expect(m.notes).toEqual([]);
  });

  it('given nothing listening, then refused connections are errors of kind connect and runStep resolves', async () => {
    const s = net.createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
    const port = (s.address() as net.AddressInfo).port;
    await new Promise<void>((r) => s.close(() => r()));

    const m = await autocannonMaxDriver.runStep(spec(`http://127.0.0.1:${port}`, { durationS: 1, connections: 2 }));

    expect(m.completed).toBe(0);
    expect(m.errors.connect).toBeGreaterThan(0);
  });

  it('given an abort 300 ms into a 30 s probe, then it returns promptly with aborted: true', async () => {
    server = await startTargetServer({ latencyMs: 1 });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 300);
    const t0 = performance.now();

    const m = await autocannonMaxDriver.runStep(spec(server.url, { durationS: 30, signal: ac.signal }));

    expect(m.aborted).toBe(true);
    expect(performance.now() - t0).toBeLessThan(3000);
    expect(m.completed).toBeGreaterThan(0);
  });
});
