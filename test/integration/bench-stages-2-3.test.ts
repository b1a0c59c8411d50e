// Stages 2 and 3 end to end through the bench pipeline: real redis-server, real nginx/HAProxy, real app processes.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeBenchOptions } from '../../harness/bench/bench-options.ts';
import { runBench } from '../../harness/bench/run-bench.ts';
import { isRunning } from '../fixtures/proc-alive.ts';


// primeCodes 0: cold caches, filled by the step itself (what these checks read); priming has its own test (scale-model-warm-start).
const short = { tiers: ['10k'], stepDurationS: 2, warmupS: 1, seedLinks: 2000, pin: false, progress: false, machineCpu: 'none', primeCodes: 0 };

describe('bench stages 2 and 3', () => {
  it('given stage 2, then redirects go through Redis: hit ratio > 0 and DB reads per redirect below 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sl-s2-'));
    const { result } = await runBench(normalizeBenchOptions({ stage: 2, resultsDir: dir, ...short }));
    const s = result.steps[0];
    expect(result.aborted).toBe(false);
    expect(s.processes.map((p) => p.role).sort()).toEqual(['app', 'cache']);
    expect(s.figures.cacheHitRatio).toBeGreaterThan(0.2);
    expect(s.figures.dbReadsPerRedirect).toBeLessThan(0.9);
    expect(s.statusCounts['302']).toBeGreaterThan(100);
    for (const p of s.processes) expect(isRunning(p.pid)).toBe(false);
  }, 60_000);

  for (const [balancer, algorithm] of [
    ['nginx', 'consistent-hash'],
    ['haproxy', 'least-connections'],
  ] as const) {
    it(`given stage 3 with ${balancer} ${algorithm}, then both app processes serve and the balancer is accounted`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'sl-s3-'));
      const { result } = await runBench(
        normalizeBenchOptions({ stage: 3, resultsDir: dir, ...short, topology: { balancer, algorithm, appProcesses: 2 } }),
      );
      const s = result.steps[0];
      expect(result.aborted).toBe(false);
      const apps = s.processes.filter((p) => p.role === 'app');
      expect(apps).toHaveLength(2);
      for (const a of apps) expect(a.cpuSeconds).toBeGreaterThan(0);
      expect(s.processes.find((p) => p.role === 'balancer')!.name).toBe(balancer);
      expect(s.figures.appProcesses).toBe(2);
      expect(s.figures.localHitRatio).toBeGreaterThan(0);
      expect(s.errorRate).toBeLessThan(0.01);
      expect((result.config as { topology: { balancer: string } }).topology.balancer).toBe(balancer);
      for (const p of s.processes) expect(isRunning(p.pid)).toBe(false);
    }, 60_000);
  }
});
