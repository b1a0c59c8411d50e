// Every wake-up strategy of the open-model loop keeps the schedule; the default one does so without busy-waiting.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTargetServer, type StartedTargetServer } from '../fixtures/driver-target-server.ts';
import { createOpenModelDriver } from '../../harness/drivers/open-model/open-model-driver.ts';
import { summarize } from '../../harness/measure/histogram.ts';
import { normalizeWorkload } from '../../loadtests/workload/workload-config.ts';

const codes = Array.from({ length: 100 }, (_, i) => `w${String(i).padStart(6, '0')}`);
let server: StartedTargetServer;
beforeAll(async () => {
  server = await startTargetServer({ latencyMs: 1 });
});
afterAll(() => server.stop());

const run = (wakeup: 'ticker' | 'spin' | 'timer', rate: number, durationS: number) =>
  createOpenModelDriver({ wakeup }).runStep({
    baseUrl: server.url,
    rate,
    durationS,
    connections: 4,
    workload: normalizeWorkload(),
    codes,
    timeoutMs: 5000,
    threads: 1,
    streamId: 3,
  });

describe('open-model wake-ups', () => {
  it.each(['ticker', 'spin', 'timer'] as const)('given wakeup %s at 400 req/s for 1.5 s, then every request is sent and the rate is kept', async (wakeup) => {
    const m = await run(wakeup, 400, 1.5);
    expect(m.sent).toBe(600);
    expect(m.completed).toBe(600);
    expect(Math.abs(m.achievedRate - 400) / 400).toBeLessThan(0.02);
    // Loose: the median send leaves within a few ms of its schedule; 15 ms leaves room for a busy machine (7 ms was seen
    // with a load average of 7 on 2 cores) and still fails a loop that sends in bursts (a 2.5 ms schedule at 400 req/s).
    expect(summarize(m.schedulingLag!).p50).toBeLessThan(15_000);
  });

  it('given the default wake-up at 200 req/s, then the generator does not busy-wait between sends', async () => {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const m = await run('ticker', 200, 2);
    const cpu = process.cpuUsage(cpu0);
    const utilization = (cpu.user + cpu.system) / 1000 / (performance.now() - t0);
    expect(m.completed).toBe(400);
    // Spinning would hold a whole core (~1.0); the ticker needs a small fraction (target and test runner included).
    expect(utilization).toBeLessThan(0.6);
  });
});
