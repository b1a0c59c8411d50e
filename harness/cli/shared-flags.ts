// Flags that several commands take alike, declared once: a stage's shape (`bench`, `up`) and a run's knobs (`bench`,
// `experiment`, each adding its own default to the help).
import { count, durationS, int, num, type FlagRow } from './flag-parsers.ts';

export const STAGE_FLAGS = {
  balancer: ['--balancer <name>', 'stage 3+: nginx | haproxy (default nginx)'],
  algorithm: ['--algorithm <name>', 'stage 3+: round-robin | least-connections | consistent-hash | power-of-two (default round-robin)'],
  appProcesses: ['--app-processes <n>', 'stage 3+: app processes behind the balancer (default: cores, at least 2)', int],
  db: ['--db <backend>', 'database of the stage: sqlite (embedded, default) | postgres (a PostgreSQL server on a machine of its own)', ['sqlite', 'postgres']],
  readReplicas: ['--read-replicas <n>', 'with --db postgres: streaming read replicas that take the redirect lookups, each on a machine of its own (default 0)', int],
} as const satisfies Record<string, FlagRow>;

/** A run's knobs; the help has no default: each command appends its own with `withDefault`. */
export const RUN_FLAGS = {
  rate: ['--rate <r>', 'arrival rate of the measured step, req/s', num],
  stepDuration: ['--step-duration <d>', 'measured duration of each step, e.g. 10s', durationS],
  warmup: ['--warmup <d>', 'warm-up before measuring, not counted; 0 skips it', durationS],
  seedLinks: ['--seed-links <n>', 'links seeded before the run', count],
  seed: ['--seed <n>', 'seed of the request sequence', int],
  machineCpu: ['--machine-cpu <cores>', 'scale model: CPU budget of every emulated machine, in cores, or none (unconstrained)'],
  calibrate: ['--calibrate <d>', 'scale model: length of each calibration step measuring the small-machine distortion; 0 skips', durationS],
} as const satisfies Record<string, FlagRow>;

/** `row` with `more` appended to its help, e.g. ' (default 8s)'. */
export function withDefault([spec, help, read]: FlagRow, more: string): FlagRow {
  return [spec, `${help}${more}`, read];
}
