// A stage process that crashes mid-step ends the run with a one-line reason and a partial result marked aborted.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeBenchOptions } from '../../harness/bench/bench-options.ts';
import { runBench } from '../../harness/bench/run-bench.ts';
import { readResult } from '../../harness/results/read-result.ts';
import { processTree } from '../../harness/measure/process-stats.ts';
import { isRunning } from '../fixtures/proc-alive.ts';

/** The app process this test's own run started (a child of this process, found by PID and command line). */
function ourAppPid(): number | undefined {
  return processTree(process.pid)
    .slice(1)
    .find((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('targets/app/server.ts');
      } catch {
        return false;
      }
    });
}

describe('a stage process crashing mid-run', () => {
  it('given app-1 killed during the second step, then the run is aborted with the reason and keeps the first step', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sl-crash-'));
    let killed: number | undefined;
    const { result, paths } = await runBench(
      normalizeBenchOptions({ stage: 1, resultsDir: dir, tiers: ['1k', '10k'], stepDurationS: 3, warmupS: 0, seedLinks: 1000, pin: false, progress: false, machineCpu: 'none' }),
      {
        onStepStart: (s) => {
          if (s.index !== 2) return;
          setTimeout(() => {
            killed = ourAppPid();
            if (killed) process.kill(killed, 'SIGKILL');
          }, 1000);
        },
      },
    );
    expect(killed).toBeGreaterThan(0);
    expect(result.aborted).toBe(true);
    expect(result.abortReason).toMatch(/app-1 \(pid \d+\) exited unexpectedly \(SIGKILL\)/);
    expect(result.steps[0].tier).toBe('1k');
    expect(result.steps[0].aborted).toBeUndefined();
    // The partial result is on disk, valid, and says it is partial.
    expect(readResult(paths[0]).aborted).toBe(true);
    expect(isRunning(killed!)).toBe(false);
  }, 60_000);
});
