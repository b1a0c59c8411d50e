// Where a `keys-moved` run is kept: results/keys-moved/<run stamp>-<balancer>.json, one file per run, never overwritten.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The file of the run started at `stamp` (runStamp format); a second run in the same second gets a -2, -3… suffix. */
export function keysMovedFile(resultsDir: string, stamp: string, balancer: string): string {
  const base = join(resultsDir, 'keys-moved', `${stamp}-${balancer}`);
  let file = `${base}.json`;
  for (let i = 2; existsSync(file); i++) file = `${base}-${i}.json`;
  return file;
}

/** 20261203T101500Z → 2026-12-03T10:15:00Z */
export function stampToIso(stamp: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(stamp);
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z` : stamp;
}
