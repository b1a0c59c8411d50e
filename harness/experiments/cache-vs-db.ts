// cache-vs-db: does Redis cache-aside (stage 2) raise the knee over stage 1 when the database is stage 1's bottleneck?
// Both on PostgreSQL with the DB machine sized down below the app's (db-bound.ts), a read-heavy Zipf workload with
// clicks written behind; arms: stage 1 vs stage 2. The verdict is the knee of each arm and what broke at stage 1's
// knee. Claim cache-raises-db-bound-knee (seed 002 "1K–10K users: database read bottleneck → Redis cache-aside").
import { breakFigure, DB_BOUND_BASE, DB_BOUND_METRICS, dbBoundPremise, dbBoundVerdict } from './db-bound.ts';
import type { Experiment } from './experiment-types.ts';

export const cacheVsDb: Experiment = {
  name: 'cache-vs-db',
  claimId: 'cache-raises-db-bound-knee',
  question: 'When the database machine is stage 1\'s bottleneck, does stage 2 (Redis cache-aside) have the higher knee?',
  base: DB_BOUND_BASE,
  arms: [
    { name: 'stage-1', label: 'stage 1: every lookup on PostgreSQL', overrides: {} },
    { name: 'stage-2', label: 'stage 2: + Redis cache-aside (a 0.1-core cache machine)', overrides: { stage: 2 } },
  ],
  repeats: 1,
  metrics: [
    ...DB_BOUND_METRICS,
    { key: 'pgQueriesPerRequest', label: 'DB queries/req at the break', unit: 'ratio', better: 'lower', read: breakFigure('pgQueriesPerRequest') },
    { key: 'cacheHitRatio', label: 'Redis hit ratio at the break', unit: 'fraction', read: breakFigure('cacheHitRatio') },
  ],
  verdict: (values) => dbBoundVerdict(values, { base: 'stage-1', fix: 'stage-2', fixWords: 'with Redis (stage 2)' }),
  notes: [
    dbBoundPremise(),
    'both stages on PostgreSQL (--db postgres), clicks written behind (--with write-behind), so a redirect is one lookup (stage 2: a Redis GET, and a DB read on a miss); read:write 100:1, Zipf 1.0, caches start cold',
    'each arm: one 3 s step at 150 req/s (model, below both knees), then --find-knee (3 s probes, each failure repeated); "the break" = the knee probe that failed above the knee',
  ],
};
