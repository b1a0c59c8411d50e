// read-replicas: does adding read replicas raise stage 1's knee when the database is its bottleneck? Stage 1 on
// PostgreSQL, the DB machine sized down below the app's (db-bound.ts), a read-heavy workload with clicks written behind;
// arms: the primary alone vs `--read-replicas 2` (each replica a machine of the same size, lookups round-robin on them).
// The verdict is the knee of each arm and what broke at the base arm's knee. Claim read-replicas-raise-db-bound-knee.
import { breakFigure, DB_BOUND_BASE, DB_BOUND_METRICS, dbBoundPremise, dbBoundVerdict } from './db-bound.ts';
import type { Experiment } from './experiment-types.ts';

export const readReplicas: Experiment = {
  name: 'read-replicas',
  claimId: 'read-replicas-raise-db-bound-knee',
  question: 'When the database machine is stage 1\'s bottleneck, do two read replicas raise its knee on a read-heavy workload?',
  base: DB_BOUND_BASE,
  arms: [
    { name: 'primary-only', label: 'lookups on the primary (stage 1 on PostgreSQL)', overrides: {} },
    { name: 'replicas-2', label: '--read-replicas 2: lookups round-robin on two streaming replicas', overrides: { topology: { readReplicas: 2 } } },
  ],
  repeats: 1,
  metrics: [
    ...DB_BOUND_METRICS,
    { key: 'pgPrimaryReadsPerRequest', label: 'primary reads/req at the break', unit: 'ratio', better: 'lower', read: breakFigure('pgPrimaryReadsPerRequest') },
    { key: 'pgReplicaReadsPerRequest', label: 'replica reads/req at the break', unit: 'ratio', read: breakFigure('pgReplicaReadsPerRequest') },
    { key: 'pgReplicaStale404s', label: 'replica-lag 404s at the break', unit: 'count', read: breakFigure('pgReplicaStale404s') },
  ],
  verdict: (values) => dbBoundVerdict(values, { base: 'primary-only', fix: 'replicas-2', fixWords: 'with 2 read replicas' }),
  notes: [
    dbBoundPremise(),
    'stage 1 on PostgreSQL (--db postgres), clicks written behind (--with write-behind: one batched UPDATE per second on the primary), so a redirect is one lookup; read:write 100:1',
    'each arm: one 3 s step at 150 req/s (model, below both knees), then --find-knee (3 s probes, each failure repeated); "the break" = the knee probe that failed above the knee',
  ],
};
