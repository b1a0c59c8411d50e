// Entry for `scaleladder compare BASE HEAD`: load both sides, compare, render in the asked format; the CLI prints output and exits with exitCode.
import { UserError } from '../errors/user-error.ts';
import { compareRuns, DEFAULT_THRESHOLD } from './compare-runs.ts';
import type { Comparison } from './compare-types.ts';
import { readResults } from '../results/read-result.ts';
import { renderBenchstat } from './render-benchstat.ts';
import { renderCompareMarkdown } from './render-compare-markdown.ts';
import { renderCompareTable } from './render-compare-table.ts';
import { renderGithubBenchmark } from './render-github-benchmark.ts';

export const COMPARE_FORMATS = ['table', 'markdown', 'github-benchmark', 'benchstat', 'json'] as const;
export type CompareFormat = (typeof COMPARE_FORMATS)[number];

export interface RunCompareOptions {
  /** Result file, or folder of repeated runs (every *.json in it). */
  base: string;
  head: string;
  /** Fraction (0.05 = 5 %, the default) or a string "5%" / "0.05". */
  threshold?: number | string;
  /** Output format (default 'table'). */
  format?: CompareFormat;
  /** Let single-run verdicts set exit code 1 (default false: they inform; repeats gate). */
  gateSingleRun?: boolean;
}

export interface RunCompareOutput {
  output: string;
  exitCode: number;
  warnings: string[];
  comparison: Comparison;
}

/** "5%", "5 %", "0.05" or 0.05 → 0.05; anything else is a UserError. */
export function parseThreshold(t: number | string | undefined): number {
  if (t === undefined) return DEFAULT_THRESHOLD;
  const s = String(t).trim();
  const m = /^(\d+(?:\.\d+)?|\.\d+)\s*(%?)$/.exec(s);
  const v = m ? (m[2] ? Number(m[1]) / 100 : Number(m[1])) : NaN;
  if (!(v >= 0 && v < 10)) throw new UserError(`--threshold ${s} is not a valid threshold; give a percentage like 5% or a fraction like 0.05`);
  return v;
}

export function runCompare(opts: RunCompareOptions): RunCompareOutput {
  const format = opts.format ?? 'table';
  if (!COMPARE_FORMATS.includes(format)) {
    throw new UserError(`--format ${format} is not known; use one of ${COMPARE_FORMATS.join(', ')}`);
  }
  const threshold = parseThreshold(opts.threshold);
  const base = readResults(opts.base);
  const head = readResults(opts.head);
  const comparison = compareRuns(base, head, { threshold, gateOnSingleRun: opts.gateSingleRun ?? false });
  let output: string;
  switch (format) {
    case 'markdown':
      output = renderCompareMarkdown(comparison);
      break;
    case 'github-benchmark':
      output = renderGithubBenchmark(comparison);
      break;
    case 'json':
      output = JSON.stringify(comparison, null, 2);
      break;
    case 'benchstat':
      output = renderBenchstat([
        { name: 'base', runs: base },
        { name: 'head', runs: head },
      ]);
      break;
    default:
      output = renderCompareTable(comparison);
  }
  return { output, exitCode: comparison.exitCode, warnings: comparison.warnings, comparison };
}
