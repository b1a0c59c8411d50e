// Vitest configuration: pure unit files share two worker threads (a fresh fork per small file cost ~0.5 s of CPU
// each, ~1 min of `make test`); everything that starts processes, measures this process, or mocks modules runs one
// fork per file, so real processes, ports and process state never collide across files. Never more than 2 workers at
// once: the thread group runs first, the fork group after it (sequence.groupOrder).
import { defineConfig } from 'vitest/config';

/**
 * Unit files that must keep a fork of their own: they spawn processes or read this process's CPU (/proc, cpuUsage), use
 * the PostgreSQL fixture, mock modules or globals (vi.mock, vi.stubGlobal), or run the CLI in-process.
 */
const UNIT_IN_FORKS = [
  'app-api',
  'app-store',
  'fault-parsing',
  'k6-export',
  'k6-scripts',
  'lb-experiment-pieces',
  'machines-fallback',
  'marginal-cost-process',
  'pg-store',
  'process-cpu-placement',
  'process-sampler',
  'process-stats',
  'render-ladder',
  'shard-store',
  'system-deps',
  'test-summary',
].map((f) => `test/unit/${f}.test.ts`);

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', 'json'],
    outputFile: { json: 'results/test-report.json' },
    poolOptions: {
      threads: { isolate: false, maxThreads: 2, minThreads: 1 },
      forks: { maxForks: 2, minForks: 1 },
    },
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], exclude: UNIT_IN_FORKS, pool: 'threads', sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: { name: 'processes', include: ['test/**/*.test.ts'], exclude: ['test/unit/**'], pool: 'forks', sequence: { groupOrder: 1 } },
      },
      {
        extends: true,
        test: { name: 'unit-forks', include: UNIT_IN_FORKS, pool: 'forks', sequence: { groupOrder: 1 } },
      },
    ],
  },
});
