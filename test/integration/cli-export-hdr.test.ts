// Through the real CLI: `export-hdr RESULT --out DIR` writes per step an HdrHistogram interval log (.hlog) that the
// library's own HistogramLogReader reads back with the same counts, and a percentile distribution (.hgrm).
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as hdr from 'hdr-histogram-js';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeHistogram, encodeHistogram, newLatencyHistogram, recordUs } from '../../harness/measure/histogram.ts';
import { runCli } from '../helpers/run-cli.ts';
import { syntheticRun } from '../helpers/synthetic-result.ts';
import { mulberry32 } from '../../loadtests/workload/prng.ts';

const dir = mkdtempSync(join(tmpdir(), 'sl-cli-hdr-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A result whose steps carry per-second interval histograms of known counts. */
function resultWithIntervals(): { file: string; counts: number[][] } {
  const rng = mulberry32(5);
  const run = syntheticRun({ stage: 1, steps: [{ tier: '1k', latenciesUs: [1000], achievedRate: 40 }, { tier: '10k', latenciesUs: [2000], achievedRate: 400 }] });
  const counts: number[][] = [];
  run.steps.forEach((step, s) => {
    const all = newLatencyHistogram();
    const perStep: number[] = [];
    step.intervals = [0, 1, 2].map((sec) => {
      const h = newLatencyHistogram();
      const n = 50 + Math.floor(rng() * 400) * (s + 1);
      for (let i = 0; i < n; i++) recordUs(h, 300 + rng() * 20_000);
      all.add(h);
      perStep.push(n);
      return { startMs: sec * 1000, endMs: (sec + 1) * 1000, histogram: encodeHistogram(h) };
    });
    step.histogram = encodeHistogram(all);
    counts.push(perStep);
  });
  const file = join(dir, 'result.json');
  writeFileSync(file, JSON.stringify(run));
  return { file, counts };
}

describe('scaleladder export-hdr (real CLI)', () => {
  it('given a result with interval histograms, then each step gets a .hlog that reads back with equal counts, and a .hgrm', async () => {
    const { file, counts } = resultWithIntervals();
    const out = join(dir, 'hdr');
    const r = await runCli(['export-hdr', file, '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const files = readdirSync(out).sort();
    expect(files).toEqual(['stage-1-step-01-1k.hgrm', 'stage-1-step-01-1k.hlog', 'stage-1-step-02-10k.hgrm', 'stage-1-step-02-10k.hlog']);
    expect(r.stdout.trim().split('\n')).toHaveLength(4);
    ['stage-1-step-01-1k', 'stage-1-step-02-10k'].forEach((name, s) => {
      const reader = new hdr.HistogramLogReader(readFileSync(join(out, `${name}.hlog`), 'utf8'));
      const read: number[] = [];
      for (let h = reader.nextIntervalHistogram(); h; h = reader.nextIntervalHistogram()) read.push(h.totalCount);
      expect(read).toEqual(counts[s]);
      const hgrm = readFileSync(join(out, `${name}.hgrm`), 'utf8');
      expect(hgrm).toMatch(/Value\s+Percentile\s+TotalCount\s+1\/\(1-Percentile\)/);
      const total = counts[s].reduce((a, b) => a + b, 0);
      expect(hgrm).toMatch(new RegExp(`#\\[Max\\s*=\\s*[\\d.]+, Total count\\s*=\\s*${total}\\]`));
    });
  }, 30_000);

  it('given a result without interval histograms (e.g. k6), then the step histogram becomes one interval', async () => {
    const run = syntheticRun({ stage: 2, steps: [{ tier: '1k', latenciesUs: [500, 900, 1200], achievedRate: 40, durationS: 8 }] });
    const file = join(dir, 'no-intervals.json');
    writeFileSync(file, JSON.stringify(run));
    const out = join(dir, 'hdr2');
    expect((await runCli(['export-hdr', file, '--out', out])).code).toBe(0);
    const reader = new hdr.HistogramLogReader(readFileSync(join(out, 'stage-2-step-01-1k.hlog'), 'utf8'));
    const h = reader.nextIntervalHistogram()!;
    expect(h.totalCount).toBe(decodeHistogram(run.steps[0].histogram).totalCount);
    expect(reader.nextIntervalHistogram()).toBeNull();
  }, 30_000);

  it('given a file that is not a result, then one line and exit 2', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{}');
    const r = await runCli(['export-hdr', bad, '--out', join(dir, 'x')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  }, 30_000);
});
