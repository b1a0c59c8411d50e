// Pure parts of the bench pipeline: option checks, durations, the loopback guard, SLO, loadgen-bound and attribution.
import { describe, expect, it } from 'vitest';
import { normalizeBenchOptions } from '../../harness/bench/bench-options.ts';
import { parseCount, parseDurationS } from '../../loadtests/workload/text-units.ts';
import { assertLoopbackTarget, isLoopbackAddress } from '../../harness/bench/loopback-guard.ts';
import { sloVerdict } from '../../harness/results/step-arithmetic.ts';
import { loadgenVerdict } from '../../harness/bench/attribution.ts';
import { aggregateStep } from '../../harness/bench/aggregate-step.ts';
import { planSteps } from '../../harness/bench/plan-steps.ts';
import { measurement } from '../helpers/synthetic-result.ts';

const cost = (name: string, utilization: number) => ({ name, role: name, pid: 1, cpuSeconds: utilization, utilization, rssPeakBytes: 1, cpuMsPerRequest: 1 });

describe('bench options', () => {
  it('fills defaults in one place', () => {
    const o = normalizeBenchOptions({ stage: 1 });
    expect(o.stepDurationS).toBe(8);
    expect(o.driver).toBe('open');
    expect(o.slo).toEqual({ p99Ms: 100, errorRate: 0.001 });
    expect(o.workload.readWriteRatio).toBe(100);
  });

  it('rejects bad values with the flag and rule named', () => {
    expect(() => normalizeBenchOptions({ stage: 9 })).toThrow(/--stage must be 1..5/);
    expect(() => normalizeBenchOptions({ stage: 1, connections: 0 })).toThrow(/--connections must be a whole number between 1/);
    expect(() => normalizeBenchOptions({ stage: 1, driver: 'wrk' as never })).toThrow(/--driver must be open, autocannon or k6/);
    expect(() => normalizeBenchOptions({ stage: 1, workload: { zipfSkew: -1 } })).toThrow(/zipfSkew must be between 0 and 10/);
    expect(() => normalizeBenchOptions({ stage: 6 })).toThrow(/--stage must be 1..5/);
    // Read-your-writes: the fix and the emulated delay are about replicas; follows need the open-model driver.
    expect(() => normalizeBenchOptions({ stage: 1, db: 'postgres', topology: { readYourWrites: 'fix' } })).toThrow(/--read-your-writes fix .* needs --read-replicas N/);
    expect(() => normalizeBenchOptions({ stage: 1, db: 'postgres', topology: { readReplicas: 1, readYourWrites: 'always' as never } })).toThrow(/--read-your-writes must be off, measure, fix/);
    expect(() => normalizeBenchOptions({ stage: 1, db: 'postgres', topology: { replicaDelayMs: 100 } })).toThrow(/--replica-delay .* needs --read-replicas N/);
    expect(() => normalizeBenchOptions({ stage: 1, driver: 'autocannon', workload: { followAfterCreate: 0.5 } })).toThrow(/--follow-after-create needs the built-in open-model driver/);
    expect(() => normalizeBenchOptions({ stage: 1, workload: { followAfterCreate: 2 } })).toThrow(/followAfterCreate must be a share between 0 and 1/);
    expect(normalizeBenchOptions({ stage: 1, db: 'postgres', topology: { readReplicas: 1, readYourWrites: 'fix' }, workload: { followAfterCreate: 1 } }).topology.readYourWrites).toBe('fix');
  });

  it('plans steps from tiers, or one fixed-rate step', () => {
    const steps = planSteps(normalizeBenchOptions({ stage: 1, tiers: ['1k', '10k'] }));
    expect(steps.map((s) => s.tier)).toEqual(['1k', '10k']);
    expect(steps[1].rate).toBeCloseTo(404, 1);
    expect(planSteps(normalizeBenchOptions({ stage: 1, rate: 250 }))).toEqual([{ tier: 'rate-250', users: null, rate: 250, derivation: 'fixed --rate 250' }]);
    expect(() => planSteps(normalizeBenchOptions({ stage: 1, tiers: ['9x'] }))).toThrow(/unknown tier "9x"/);
  });
});

describe('durations and counts', () => {
  it('parses what users type', () => {
    expect(parseDurationS('10s')).toBe(10);
    expect(parseDurationS('500ms')).toBe(0.5);
    expect(parseDurationS('1m30s')).toBe(90);
    expect(parseDurationS('7')).toBe(7);
    expect(parseDurationS('250', 'ms')).toBe(0.25); // the CDN's flags: a bare number is ms
    expect(() => parseDurationS('10 parsecs')).toThrow(/not a duration: use e.g. 10s/);
    expect(parseCount('1M')).toBe(1_000_000);
    expect(parseCount('500k')).toBe(500_000);
    expect(() => parseCount('lots')).toThrow(/not a count/);
  });
});

describe('loopback guard', () => {
  it('knows loopback addresses', () => {
    for (const a of ['127.0.0.1', '127.8.9.10', '::1', '[::1]', '::ffff:127.0.0.1']) expect(isLoopbackAddress(a)).toBe(true);
    for (const a of ['10.0.0.1', '192.168.1.1', '8.8.8.8', '::2', 'fe80::1']) expect(isLoopbackAddress(a)).toBe(false);
  });

  it('refuses a remote address before any connection, naming --allow-remote', async () => {
    await expect(assertLoopbackTarget('http://10.1.2.3:8080', false)).rejects.toThrow(/refusing to send load to 10.1.2.3.*--allow-remote/);
    await expect(assertLoopbackTarget('http://localhost:3000', false)).resolves.toBeInstanceOf(URL);
    await expect(assertLoopbackTarget('http://10.1.2.3:8080', true)).resolves.toBeInstanceOf(URL);
    await expect(assertLoopbackTarget('not a url', false)).rejects.toThrow(/is not a URL/);
  });
});

describe('verdicts', () => {
  it('SLO fails on p99 or errors and says which', () => {
    expect(sloVerdict({ p99Ms: 100, errorRate: 0.001 }, 50_000, 0, 10).pass).toBe(true);
    const v = sloVerdict({ p99Ms: 100, errorRate: 0.001 }, 150_000, 0.01, 10);
    expect(v.pass).toBe(false);
    expect(v.reasons.join(' ')).toMatch(/p99 150.0 ms ≥ 100 ms.*errors 1.00 %/);
  });

  it('flags the generator only when it fell short while saturated', () => {
    const base = { intendedRate: 1000, loadgenCores: 1, targets: [cost('app', 0.3)] };
    expect(loadgenVerdict({ ...base, achievedRate: 800, loadgen: cost('loadgen', 0.97) }).bound).toBe(true);
    expect(loadgenVerdict({ ...base, achievedRate: 800, loadgen: cost('loadgen', 0.4) }).bound).toBe(false);
    expect(loadgenVerdict({ ...base, achievedRate: 990, loadgen: cost('loadgen', 0.99) }).bound).toBe(false);
  });

  it('aggregates a step: cost per request, error rate, bottleneck attribution', () => {
    const m = measurement(Array.from({ length: 1000 }, () => 2000), { errors: { timeout: 10 }, achievedRate: 500, intendedRate: 1000 });
    const step = aggregateStep({
      tier: 't', users: 1, kind: 'tier', connections: 4, measurement: m,
      processes: [{ name: 'app-1', role: 'app', pid: 1, cpuSeconds: 2, utilization: 0.98, rssPeakBytes: 1 }],
      loadgen: { name: 'loadgen', role: 'loadgen', pid: 2, cpuSeconds: 0.5, utilization: 0.3, rssPeakBytes: 1 },
      loadgenCores: 1, slo: { p99Ms: 100, errorRate: 0.001 }, figures: {},
    });
    expect(step.processes[0].cpuMsPerRequest).toBe(2);
    expect(step.errorRate).toBeCloseTo(10 / 1010, 6);
    expect(step.loadgenBound).toBe(false);
    expect(step.bottleneck).toMatch(/app-1 CPU saturated \(98 %/);
    expect(step.slo.pass).toBe(false);
  });
  it('given a database tree whose backends queued together on its own machine, then its noise share is its most-delayed backend\'s wait beyond the throttling, not their sum', () => {
    const m = measurement(Array.from({ length: 1000 }, () => 2000), { achievedRate: 300, intendedRate: 300 });
    const app = { name: 'app-1', role: 'app', pid: 1, cpuSeconds: 0.5, utilization: 0.083, rssPeakBytes: 1, cpus: '1', runQueueWaitSeconds: 0.3 };
    const db = {
      name: 'pg', role: 'db', pid: 3, cpuSeconds: 0.4, utilization: 0.067, rssPeakBytes: 1, cpus: '1', budgetCores: 0.1,
      throttle: { periods: 600, throttled: 60, throttledMs: 450 },
      // Twelve backends waited 9.6 s in all over a 6 s step; the longest single wait was 0.9 s.
      runQueueWaitSeconds: 9.6, runQueueWaitPeakSeconds: 0.9,
    };
    const step = aggregateStep({
      tier: 't', users: 1, kind: 'tier', connections: 4, measurement: m, processes: [app, db],
      loadgen: { name: 'loadgen', role: 'loadgen', pid: 2, cpuSeconds: 0.5, utilization: 0.1, rssPeakBytes: 1, runQueueWaitSeconds: 0.01 },
      loadgenCores: 1, slo: { p99Ms: 100, errorRate: 0.001 }, figures: {},
    });
    // (0.9 − 0.45) ÷ 6 s = 7.5 %: under the material share, so the step is not called noisy.
    expect(step.noise?.runQueueWaitShare.pg).toBeCloseTo(0.075, 3);
    expect(step.noisyMachine).toBeUndefined();
    expect(step.processes.find((p) => p.name === 'pg')?.runQueueWaitMs).toBe(9600);
  });
});

describe('attribution of a shared CPU set', () => {
  it('given processes pinned to one CPU that together use it up, then the CPU set is named as the bottleneck', async () => {
    const { attributeBottleneck } = await import('../../harness/bench/attribution.ts');
    const p = (name: string, utilization: number) => ({ ...cost(name, utilization), cpus: '1' });
    const b = attributeBottleneck({
      loadgen: { bound: false },
      processes: [p('cdn', 0.4), p('app-1', 0.25), p('app-2', 0.25)],
      figures: {},
      intendedRate: 1000,
      achievedRate: 1000,
    });
    expect(b).toMatch(/the stage's CPU 1 saturated \(90 % of 1 core\(s\), shared by cdn, app-1, app-2\)/);
  });
});

describe('GC pauses next to an event-loop delay', () => {
  it('given two scrapes 2 s apart of 4 apps, then the longest pause is the worst app\'s and the share is their pause time over 4 × 2 s', async () => {
    const { gcFigures } = await import('../../harness/stages/app-metrics-reader.ts');
    const f = gcFigures({ gcPauseSeconds: 1, readAtMs: 10_000, appsRead: 4 }, { gcPauseSeconds: 1.4, gcPauseMaxMs: 38.2, readAtMs: 12_000, appsRead: 4 });
    expect(f).toEqual({ gcPauseMaxMs: 38.2, gcPauseShare: 0.05 });
    expect(gcFigures({}, { redirects: 3 })).toEqual({});
  });

  it('given a loop delay, then the attribution says whether garbage collection explains it, from the measured pauses', async () => {
    const { attributeBottleneck } = await import('../../harness/bench/attribution.ts');
    const attribute = (figures: Record<string, number>) =>
      attributeBottleneck({ loadgen: { bound: false }, processes: [cost('app-1', 0.05)], figures, intendedRate: 100, achievedRate: 100 });
    expect(attribute({ eventLoopDelayP99Ms: 60, gcPauseMaxMs: 41, gcPauseShare: 0.012 })).toBe('app event-loop delay p99 60 ms (garbage collection: pauses up to 41 ms, 1.2 % of the time)');
    expect(attribute({ eventLoopDelayP99Ms: 60, gcPauseMaxMs: 4 })).toBe('app event-loop delay p99 60 ms (not GC: its longest pause was 4 ms)');
    expect(attribute({ eventLoopDelayP99Ms: 60 })).toBe('app event-loop delay p99 60 ms');
  });
});
