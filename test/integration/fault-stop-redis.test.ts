// stop-redis on stage 2: redis-server SIGKILLed mid-step and restarted empty; the app falls back to SQLite, clients barely notice.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeBenchOptions } from '../../harness/bench/bench-options.ts';
import { runBench } from '../../harness/bench/run-bench.ts';
import { renderFaultLine } from '../../harness/render/render-faults.ts';

/** Client-visible error rate bound over the whole step: the breaker turns Redis failures into DB reads, not errors. */
const ERROR_RATE_BOUND = 0.01;

describe('fault stop-redis', () => {
  it(`given Redis down for 1.5 s, then lookups fall back to SQLite and the client error rate stays below ${ERROR_RATE_BOUND * 100} %`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sl-fault-redis-'));
    const { result } = await runBench(
      normalizeBenchOptions({ stage: 2, resultsDir: dir, rate: 300, stepDurationS: 4, warmupS: 1, seedLinks: 2000, pin: false, progress: false, machineCpu: 'none', faults: ['stop-redis@1+1.5'] }),
    );
    expect(result.aborted).toBe(false);
    const s = result.steps[0];
    const f = s.faults![0];
    console.info(renderFaultLine(s.tier, f));
    expect(f).toMatchObject({ kind: 'stop-redis', target: 'redis' });
    expect(f.pid).toBe(s.processes.find((p) => p.role === 'cache')!.pid);
    expect(f.outcome.fallbacksDuringOutage).toBeGreaterThan(0);
    expect(f.outcome.breakerOpens).toBeGreaterThanOrEqual(1);
    // During the outage every redirect reads the DB; before it, only misses did.
    expect(f.outcome.dbReadsPerRedirectDuring).toBeGreaterThan(0.9);
    expect(f.outcome.dbReadsPerRedirectBefore).toBeLessThan(f.outcome.dbReadsPerRedirectDuring);
    expect(f.outcome.downMs).toBeGreaterThanOrEqual(1500);
    expect(s.errorRate).toBeLessThan(ERROR_RATE_BOUND);
    expect(f.outcome.errorRateDuring).toBeLessThan(ERROR_RATE_BOUND);
  }, 60_000);
});
