// `scaleladder report RESULTS... --out report.html`: reads result files (or folders of them) and writes one HTML file.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UserError } from '../errors/user-error.ts';
import { readResults } from '../results/read-result.ts';
import type { RunResult } from '../results/result-types.ts';
import { renderReport, type ReportInput } from './render-report.ts';

export interface WriteReportOptions extends Omit<ReportInput, 'results' | 'sources'> {
  /** Reads a result file or folder (default harness/results/read-result.ts readResults). */
  read?: (pathOrDir: string) => RunResult[];
}

/** Writes the report and returns its absolute path (what `make report` prints). */
export function writeReport(paths: string[], out: string, opts: WriteReportOptions = {}): string {
  if (paths.length === 0) throw new UserError('report: give at least one result file, e.g. scaleladder report results/latest-stage-1.json --out report.html');
  const { read = readResults, ...rest } = opts;
  const results: RunResult[] = [];
  const sources: string[] = [];
  for (const p of paths) {
    for (const r of read(p)) {
      results.push(r);
      sources.push(p);
    }
  }
  const html = renderReport({ ...rest, results, sources });
  const file = resolve(out);
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, html);
  } catch (e) {
    throw new UserError(`report: cannot write ${out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return file;
}
