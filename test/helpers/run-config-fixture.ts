// A complete RunConfig for synthetic results: bench's defaults of a short stage-1 run, any field overridable.
import { DEFAULT_WORKLOAD } from '../../loadtests/workload/workload-config.ts';
import type { RunConfig } from '../../harness/results/run-config.ts';

export function testRunConfig(over: Partial<RunConfig> = {}): RunConfig {
  return {
    stage: 1,
    driver: 'open',
    tiers: [{ tier: '1k', users: 1000, rate: 40.4, derivation: 'given' }],
    stepDurationS: 2,
    warmupS: 0,
    connections: 'auto (Little\'s law)',
    threads: 1,
    seedLinks: 2000,
    workload: DEFAULT_WORKLOAD,
    slo: { p99Ms: 100, errorRate: 0.001 },
    timeoutMs: 10_000,
    target: null,
    components: ['sqlite'],
    machines: 'none',
    ...over,
  };
}
