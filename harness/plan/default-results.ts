// The plan's default inputs: each stage's newest result, results/latest-stage-N.json, where it exists.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const DEFAULT_RESULTS_DIR = 'results';

export function latestResultFiles(resultsDir = DEFAULT_RESULTS_DIR): string[] {
  if (!existsSync(resultsDir)) return [];
  return readdirSync(resultsDir)
    .filter((f) => /^latest-stage-\d+\.json$/.test(f))
    .sort((a, b) => Number(/\d+/.exec(a)![0]) - Number(/\d+/.exec(b)![0]))
    .map((f) => join(resultsDir, f));
}
