// The flags that shape a stage's deployment, declared once for the commands that boot one (`bench`, `up`).
import { int, type FlagRow } from './flag-parsers.ts';

export const STAGE_FLAGS = {
  balancer: ['--balancer <name>', 'stage 3+: nginx | haproxy (default nginx)'],
  algorithm: ['--algorithm <name>', 'stage 3+: round-robin | least-connections | consistent-hash | power-of-two (default round-robin)'],
  appProcesses: ['--app-processes <n>', 'stage 3+: app processes behind the balancer (default: cores, at least 2)', int],
  db: ['--db <backend>', 'database of the stage: sqlite (embedded, default) | postgres (a PostgreSQL server on a machine of its own)', ['sqlite', 'postgres']],
  readReplicas: ['--read-replicas <n>', 'with --db postgres: streaming read replicas that take the redirect lookups, each on a machine of its own (default 0)', int],
} as const satisfies Record<string, FlagRow>;
