// Every experiment `scaleladder experiment NAME` can run: one import and one line in EXPERIMENTS per experiment
// (and one `EXPERIMENTS += experiment-NAME` line in the Makefile, one claim in claims/seed-claims.yaml).
import { UserError } from '../errors/user-error.ts';
import type { Experiment } from './experiment-types.ts';
import { joinUnderLoad } from './join-under-load.ts';
import { lbLocality } from './lb-locality.ts';
import { ttlJitter } from './ttl-jitter.ts';
import { writePath } from './write-path.ts';
import { unevenCost } from './uneven-cost.ts';
import { redirectStatus } from './redirect-status.ts';
import { varyTrap } from './vary-trap.ts';
import { cdnDistance } from './cdn-distance.ts';
import { shield } from './shield.ts';
import { stampede } from './stampede.ts';
import { eviction } from './eviction.ts';
import { readReplicas } from './read-replicas.ts';
import { cacheVsDb } from './cache-vs-db.ts';

export const EXPERIMENTS: readonly Experiment[] = [
  ttlJitter,
  writePath,
  lbLocality,
  unevenCost,
  joinUnderLoad,
  redirectStatus,
  varyTrap,
  cdnDistance,
  shield,
  stampede,
  eviction,
  readReplicas,
  cacheVsDb,
];

export function experimentNames(): string[] {
  return EXPERIMENTS.map((e) => e.name);
}

/** The experiment of that name, or a one-line UserError listing the names (exit 2). */
export function findExperiment(name: string): Experiment {
  const e = EXPERIMENTS.find((x) => x.name === name);
  if (!e) throw new UserError(`unknown experiment "${name}": use one of ${experimentNames().join(', ') || '(none registered)'} (scaleladder experiment --list)`);
  return e;
}
