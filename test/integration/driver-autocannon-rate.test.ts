// autocannon at each user tier (issue 12): `--driver autocannon` drives the tier's rate (overallRate), labelled closed
// model, rate-limited, coordinated omission possible; the max-throughput probe stays as the --max mode.
import { afterEach, describe, expect, it } from 'vitest';
import { startTargetServer, type StartedTargetServer } from '../fixtures/driver-target-server.ts';
import { createAutocannonDriver } from '../../harness/drivers/autocannon/autocannon-driver.ts';
import { getDriver } from '../../harness/drivers/index.ts';
import { normalizeWorkload } from '../../loadtests/workload/workload-config.ts';
import type { StepSpec } from '../../harness/drivers/driver-types.ts';

let server: StartedTargetServer | null = null;
afterEach(async () => {
  await server?.stop();
  server = null;
});

const spec = (baseUrl: string, over: Partial<StepSpec> = {}): StepSpec => ({
  baseUrl, rate: 200, durationS: 3, connections: 8, workload: normalizeWorkload({ readWriteRatio: Infinity, unknownShare: 0, metadataShare: 0 }),
  codes: ['aaaaaaa', 'bbbbbbb'], timeoutMs: 5000, threads: 1, streamId: 0, ...over,
});

describe('autocannon at the tier rate', () => {
  it('given a tier of 200 req/s, then `--driver autocannon` sends about 200 req/s and says what kind of load it was', async () => {
    server = await startTargetServer({ latencyMs: 1 });
    const m = await getDriver('autocannon').runStep(spec(server.url));
    expect(m.driver).toBe('autocannon');
    expect(m.model).toBe('closed');
    expect(m.intendedRate).toBe(200);
    expect(m.achievedRate).toBeGreaterThan(150);
    expect(m.achievedRate).toBeLessThan(250);
    expect(m.loadLabel).toBe('closed model, rate-limited, coordinated omission possible');
  }, 30_000);

  it('given --max, then it is the maximum-throughput probe: no intended rate, well above 200 req/s', async () => {
    server = await startTargetServer({ latencyMs: 0 });
    const m = await createAutocannonDriver({ max: true }).runStep(spec(server.url, { durationS: 2 }));
    expect(m.intendedRate).toBeNull();
    // Not rate-limited: 1.5× the tier rate the other test holds to ±25 %. (A quiet box does thousands; 371 was seen with a
    // load average of 7 on 2 cores, so a higher bar would measure the box, not the flag.)
    expect(m.achievedRate).toBeGreaterThan(300);
    expect(m.loadLabel).toBe('closed model, maximum throughput');
  }, 30_000);
});
