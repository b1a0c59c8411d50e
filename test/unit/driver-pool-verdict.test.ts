// Item 13 of issue 12: pool wait is the generator's own limit only when the target answers fast once it has a connection.
import { describe, expect, it } from 'vitest';
import { loadgenVerdict } from '../../harness/bench/attribution.ts';
import type { ProcessCost } from '../../harness/results/result-types.ts';

const cost = (name: string, utilization: number): ProcessCost => ({ name, role: name, pid: 1, cpuSeconds: 1, utilization, rssPeakBytes: 1, cpuMsPerRequest: 0.1 });
const base = { intendedRate: 16_000, achievedRate: 15_900, loadgen: cost('loadgen', 0.5), loadgenCores: 1, targets: [cost('app', 0.6)], connections: 64, sloP99Us: 100_000 };

describe('connection-limited verdict', () => {
  it('given a fast target (uncorrected p99 8 ms) and pool wait 240 of a 248 ms p99, then the generator\'s pool is the limit', () => {
    const v = loadgenVerdict({ ...base, latencyP99Us: 248_000, poolWaitP99Us: 240_000, uncorrectedP99Us: 7_900 });
    expect(v.bound).toBe(true);
    expect(v.reason).toMatch(/connection-limited on the generator side/);
  });

  it('given an overloaded target (uncorrected p99 600 ms, past the SLO), then a full pool is the target\'s queue, not the generator\'s limit', () => {
    const v = loadgenVerdict({ ...base, latencyP99Us: 4_500_000, poolWaitP99Us: 3_860_000, uncorrectedP99Us: 600_000 });
    expect(v.bound).toBe(false);
  });
});
