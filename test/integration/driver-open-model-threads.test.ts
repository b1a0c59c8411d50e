// Worker-thread mode: each thread sends its share of the schedule and the merged histograms hold every thread's values.
import { afterEach, describe, expect, it } from 'vitest';
import { startTargetServer, type StartedTargetServer } from '../fixtures/driver-target-server.ts';
import { openModelDriver } from '../../harness/drivers/open-model/open-model-driver.ts';
import { runInWorkers } from '../../harness/drivers/open-model/run-in-workers.ts';
import { mergeRecordings } from '../../harness/drivers/open-model/recording-codec.ts';
import { DEFAULT_OPEN_MODEL_OPTIONS } from '../../harness/drivers/open-model/open-model-options.ts';
import { decodeHistogram } from '../../harness/measure/histogram.ts';
import { normalizeWorkload } from '../../loadtests/workload/workload-config.ts';
import type { WorkerInit } from '../../harness/drivers/open-model/worker-messages.ts';

const codes = Array.from({ length: 500 }, (_, i) => `c${String(i).padStart(6, '0')}`);
let server: StartedTargetServer | null = null;

afterEach(async () => {
  await server?.stop();
  server = null;
});

describe('open-model driver on worker threads', () => {
  it('given 2 threads at 400 req/s for 2 s, then the merged histogram counts equal the sum over threads and every request is counted once', async () => {
    server = await startTargetServer({ latencyMs: 1 });
    const progress: number[] = [];

    const m = await openModelDriver.runStep({
      baseUrl: server.url,
      rate: 400,
      durationS: 2,
      connections: 4,
      workload: normalizeWorkload(),
      codes,
      timeoutMs: 10_000,
      threads: 2,
      streamId: 7,
      onProgress: (p) => progress.push(p.sent),
    });

    expect(m.sent).toBe(800);
    expect(m.completed).toBe(800);
    expect(m.latency.totalCount).toBe(800);
    expect(m.uncorrected!.totalCount).toBe(800);
    expect(m.schedulingLag!.totalCount).toBe(800);
    expect(Object.values(m.byEndpoint).reduce((a, h) => a + h.totalCount, 0)).toBe(800);
    expect(m.intervals.reduce((a, i) => a + decodeHistogram(i.histogram).totalCount, 0)).toBe(800);
    expect(Object.values(m.statusCounts).reduce((a, n) => a + n, 0)).toBe(800);
    expect(m.notes.join(' ')).toMatch(/2 worker threads \(requests sent per thread: 400 \/ 400\)/);
    expect(progress.length).toBeGreaterThanOrEqual(1);
  });

  it('given the per-thread recordings, then the merged histogram count is exactly their sum', async () => {
    server = await startTargetServer({ latencyMs: 0 });
    const inits: WorkerInit[] = [0, 1, 2].map((k) => ({
      baseUrl: server!.url,
      rate: 300,
      durationS: 1,
      threads: 3,
      index: k,
      connections: 2,
      timeoutMs: 5000,
      maxInFlight: 1000,
      workload: normalizeWorkload(),
      codes,
      streamId: 100 + k,
      options: DEFAULT_OPEN_MODEL_OPTIONS,
    }));

    const o = await runInWorkers(inits, { progressEveryMs: 1000 });

    expect(o.recordings).toHaveLength(3);
    expect(o.recordings.map((r) => r.sent)).toEqual([100, 100, 100]);
    const merged = mergeRecordings(o.recordings);
    expect(merged.latency.totalCount).toBe(o.recordings.reduce((a, r) => a + r.latency.totalCount, 0));
    expect(merged.latency.totalCount).toBe(300);
  });

  it('given an abort 300 ms into a long threaded step, then it returns promptly with aborted: true', async () => {
    server = await startTargetServer({ latencyMs: 1 });
    const ac = new AbortController();
    const t0 = performance.now();
    setTimeout(() => ac.abort(), 300);

    const m = await openModelDriver.runStep({
      baseUrl: server.url,
      rate: 200,
      durationS: 30,
      connections: 2,
      workload: normalizeWorkload(),
      codes,
      timeoutMs: 10_000,
      threads: 2,
      streamId: 1,
      signal: ac.signal,
    });

    expect(m.aborted).toBe(true);
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(m.durationS).toBeLessThan(5);
  });
});
