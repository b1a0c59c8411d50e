// Names of a run: a sortable timestamp id and the folder/file paths derived from it.
import { join } from 'node:path';

export function runStamp(d = new Date()): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/** "127.0.0.1-8080" for http://127.0.0.1:8080 (the default port when none is given; IPv6 colons become "_"). */
export function targetKey(url: URL): string {
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return `${url.hostname.replace(/^\[|\]$/g, '')}-${port}`.replace(/[^A-Za-z0-9.-]/g, '_');
}

/** A `--target` run lands under results/target/<host-port>/ with its own latest.json: never in a stage's files. */
export function runPaths(resultsDir: string, stage: number, stamp: string, commit: string | null, target?: URL) {
  const short = commit ? commit.slice(0, 10) : 'nocommit';
  if (target) {
    const key = targetKey(target);
    return {
      runDir: join(resultsDir, 'runs', `${stamp}-target-${key}`),
      resultFile: join(resultsDir, 'target', key, `${stamp}-${short}.json`),
      latestFile: join(resultsDir, 'target', key, 'latest.json'),
    };
  }
  return {
    runDir: join(resultsDir, 'runs', `${stamp}-stage-${stage}`),
    resultFile: join(resultsDir, `stage-${stage}`, `${stamp}-${short}.json`),
    latestFile: join(resultsDir, `latest-stage-${stage}.json`),
  };
}
