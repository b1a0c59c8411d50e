// hot-key-expiry with and without the stampede defences (stage 2), and writer-contention (stage 3): what each measures.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeBenchOptions } from '../../harness/bench/bench-options.ts';
import { runBench } from '../../harness/bench/run-bench.ts';
import { renderFaultLine } from '../../harness/render/render-faults.ts';

// Cold caches (primeCodes 0): the faults' counts are written against a stage that fills its caches during the step.
const base = { resultsDir: mkdtempSync(join(tmpdir(), 'sl-fault-misc-')), warmupS: 1, seedLinks: 2000, primeCodes: 0, pin: false, progress: false, machineCpu: 'none' };

describe('fault hot-key-expiry and writer-contention', () => {
  it('given the hot key deleted every 50 ms with and without single-flight/XFetch, then its DB reads are counted for both', async () => {
    const outcomes: Record<string, number>[] = [];
    for (const stampedeDefences of [true, false]) {
      const { result } = await runBench(
        normalizeBenchOptions({ stage: 2, ...base, rate: 1000, stepDurationS: 3, workload: { zipfSkew: 1.3 }, topology: { stampedeDefences }, faults: ['hot-key-expiry@0.5+2'] }),
      );
      expect(result.aborted).toBe(false);
      const f = result.steps[0].faults![0];
      console.info(renderFaultLine(result.steps[0].tier, f));
      expect(f.outcome.stampedeDefences).toBe(stampedeDefences ? 1 : 0);
      expect(f.outcome.deletesIssued).toBeGreaterThanOrEqual(30);
      expect(f.outcome.entriesDeleted).toBeGreaterThan(0);
      expect(f.outcome.hotCodeDbReads).toBeGreaterThan(0);
      outcomes.push(f.outcome);
    }
    // With single-flight a deleted entry is refilled by one reader; without, by every reader that missed meanwhile.
    expect(outcomes[0].hotCodeDbReadsPerDelete).toBeLessThanOrEqual(1.05);
    expect(outcomes[1].hotCodeDbReadsPerDelete).toBeGreaterThanOrEqual(outcomes[0].hotCodeDbReadsPerDelete * 0.9);
  }, 60_000);

  it('given one write per read on two apps over one SQLite file, then writes, their latency and busy retries are reported', async () => {
    const { result } = await runBench(normalizeBenchOptions({ stage: 3, ...base, rate: 400, stepDurationS: 3, topology: { appProcesses: 2 }, faults: ['writer-contention'] }));
    expect(result.aborted).toBe(false);
    const s = result.steps[0];
    const f = s.faults![0];
    console.info(renderFaultLine(s.tier, f));
    expect(f.outcome.writers).toBe(2);
    expect(f.outcome.writes).toBeGreaterThan(400); // about half of 1200 requests
    expect(f.outcome.createP99Us).toBeGreaterThan(0);
    expect(f.outcome.busyRetries).toBeGreaterThanOrEqual(0);
    expect((result.config as { workload: { readWriteRatio: number } }).workload.readWriteRatio).toBe(100);
    expect((result.config as { faults: string[] }).faults).toEqual(['writer-contention']);
  }, 60_000);
});
