// Names of a run: a sortable timestamp id and the folder/file paths derived from it.
import { join } from 'node:path';

export function runStamp(d = new Date()): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

export function runPaths(resultsDir: string, stage: number, stamp: string, commit: string | null) {
  const short = commit ? commit.slice(0, 10) : 'nocommit';
  return {
    runDir: join(resultsDir, 'runs', `${stamp}-stage-${stage}`),
    resultFile: join(resultsDir, `stage-${stage}`, `${stamp}-${short}.json`),
    latestFile: join(resultsDir, `latest-stage-${stage}.json`),
  };
}
