// The knee search, with the real open-model driver, finds a fixture server's known capacity within 10 %.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregateStep } from '../../harness/bench/aggregate-step.ts';
import { DEFAULT_KNEE_OPTIONS, findKnee } from '../../harness/bench/knee-search.ts';
import { openModelDriver } from '../../harness/drivers/open-model/open-model-driver.ts';
import { normalizeWorkload } from '../../loadtests/workload/workload-config.ts';
import { startCapacityServer } from '../fixtures/knee-capacity-server.ts';

const SERVICE_MS = 2; // capacity 500 req/s
const slo = { p99Ms: 100, errorRate: 0.001 };
let server: Awaited<ReturnType<typeof startCapacityServer>>;

beforeAll(async () => {
  server = await startCapacityServer(SERVICE_MS);
});
afterAll(() => server.close());

describe('knee search against a known capacity', () => {
  it('given a server that completes one request per 2 ms, then the knee is within 10 % of 500 req/s', async () => {
    const codes = Array.from({ length: 100 }, (_, i) => `c${String(i).padStart(6, '0')}`);
    const workload = normalizeWorkload({ readWriteRatio: 1e9, unknownShare: 0, seededLinks: codes.length });
    let stream = 0;
    const idle = { name: 'x', role: 'x', pid: 0, cpuSeconds: 0, utilization: 0, rssPeakBytes: 0 };
    const knee = await findKnee(
      async (rate) => {
        // Each probe starts with an empty queue, as a fresh step of a real run would after the previous drained.
        await new Promise((r) => setTimeout(r, 300));
        const m = await openModelDriver.runStep({
          baseUrl: server.url, rate, durationS: 1.5, connections: 64, workload, codes, timeoutMs: 10_000, threads: 1, streamId: stream++,
        });
        return aggregateStep({ tier: `knee-${rate}`, users: null, kind: 'knee', connections: 64, measurement: m, processes: [], loadgen: { ...idle, name: 'loadgen' }, loadgenCores: 1, slo, figures: {} });
      },
      { ...DEFAULT_KNEE_OPTIONS, startRate: 100, slo },
    );
    expect(knee.rate).toBeGreaterThan(450);
    expect(knee.rate).toBeLessThan(550);
    expect(knee.brokeBy).toMatch(/p99/);
  }, 120_000);
});
