// Results as HdrHistogram files other tools read: per step an interval log (.hlog) and a percentile distribution (.hgrm).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as hdr from 'hdr-histogram-js';
import { decodeHistogram } from '../measure/histogram.ts';
import type { RunResult, StepResult } from './result-types.ts';

export interface ExportHdrOptions {
  /** Percentile ticks per half distance in the .hgrm (default 5, HdrHistogram's default). */
  ticksPerHalfDistance?: number;
}

/** Recorded values are µs; the .hgrm and the .hlog max column are in ms, as HdrHistogram's plotters expect. */
const US_PER_MS = 1000;

/** File stem of a step, e.g. "stage-1-step-02-10k" (1-based, in the result's order). */
export function stepStem(result: RunResult, index: number, step: StepResult): string {
  const tier = step.tier.replace(/[^A-Za-z0-9._-]+/g, '_');
  return `stage-${result.stage}-step-${String(index + 1).padStart(2, '0')}-${tier}`;
}

/** The interval log of one step: its per-second histograms (or, without any, the whole step as one interval). */
export function stepIntervalLog(result: RunResult, step: StepResult): string {
  let log = '';
  const writer = new hdr.HistogramLogWriter((s) => (log += s));
  writer.outputLogFormatVersion();
  // No #[StartTime]: a result keeps the run's start, not each step's, and a wrong absolute time is worse than none.
  writer.outputComment(
    `scaleladder stage ${result.stage}, tier ${step.tier} (${step.kind}), ${step.driver}; run started ${result.startedAt}; ` +
      `values in microseconds (max column in ms); timestamps in seconds from this step's start`,
  );
  writer.outputLegend();
  const intervals = step.intervals.length > 0 ? step.intervals : [{ startMs: 0, endMs: step.durationS * 1000, histogram: step.histogram }];
  for (const iv of intervals) writer.outputIntervalHistogram(decodeHistogram(iv.histogram), iv.startMs / 1000, iv.endMs / 1000, US_PER_MS);
  return log;
}

/** The percentile distribution of a whole step (HdrHistogram's .hgrm text, values in ms). */
export function stepPercentileDistribution(step: StepResult, opts: ExportHdrOptions = {}): string {
  return decodeHistogram(step.histogram).outputPercentileDistribution(opts.ticksPerHalfDistance ?? 5, US_PER_MS);
}

/** Writes <stem>.hlog and <stem>.hgrm per step into outDir; returns the paths written. */
export function exportHdr(result: RunResult, outDir: string, opts: ExportHdrOptions = {}): string[] {
  mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  result.steps.forEach((step, i) => {
    const stem = join(outDir, stepStem(result, i, step));
    writeFileSync(`${stem}.hlog`, stepIntervalLog(result, step));
    writeFileSync(`${stem}.hgrm`, stepPercentileDistribution(step, opts));
    written.push(`${stem}.hlog`, `${stem}.hgrm`);
  });
  return written;
}
