// Stage 4 end to end: the CDN emulator in front of nginx and two apps; hits grow, origin load falls, RTTs are labelled emulated.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeBenchOptions } from '../../harness/bench/bench-options.ts';
import { runBench } from '../../harness/bench/run-bench.ts';

describe('bench stage 4', () => {
  it('given a Zipf workload through the CDN, then the edge hit ratio is high, the origin sees fewer requests, and RTTs are labelled emulated', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sl-s4-'));
    const { result } = await runBench(
      normalizeBenchOptions({ stage: 4, resultsDir: dir, tiers: ['10k'], stepDurationS: 3, warmupS: 2, seedLinks: 500, pin: false, progress: false, machineCpu: 'none' }),
    );
    const s = result.steps[0];
    expect(result.aborted).toBe(false);
    expect(s.processes.map((p) => p.role)).toContain('cdn');
    expect(s.figures.cdnHitRatio).toBeGreaterThan(0.5);
    expect(s.figures.originRequestsPerRequest).toBeLessThan(0.5);
    // Redirects that reached the apps are the origin's share, far fewer than the client requests.
    expect(s.figures.redirects).toBeLessThan(s.requests.completed * 0.5);
    expect(result.emulated.join(' ')).toMatch(/emulated RTT/);
    expect((result.config as { workload: { regions: Record<string, number> } }).workload.regions).toHaveProperty('ap');
  }, 60_000);
});
