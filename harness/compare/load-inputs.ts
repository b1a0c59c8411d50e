// Loads the runs of one side of a comparison: a result file, or a folder of repeated runs (every *.json in it).
import { readResults } from '../results/read-result.ts';
import type { RunResult } from '../results/result-types.ts';

/** Every file goes through the schema check of readResult (corrupt, truncated or newer files → UserError). */
export function loadResults(pathOrDir: string): RunResult[] {
  return readResults(pathOrDir);
}
