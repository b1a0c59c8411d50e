// lb-locality: does round-robin's "blind spot" cost cache locality that consistent hashing on the code gets back?
// Stage 3 (nginx or HAProxy over 4 apps, each with a local LRU in front of the shared Redis), unconstrained
// (--machine-cpu none): hit ratios do not depend on CPU budgets, and without calibration 8 arms fit in 3 minutes.
// Each app's LRU (500 entries, TTL 5 s) holds a tenth of the 5,000 links: where a code goes decides whether the app
// that gets it has it. Metrics: local-LRU hit ratio, Redis and DB reads per redirect, p99, balancer CPU-ms per request.
// Claim lb-round-robin-locality (seed 002 "Round-Robin", seed 003 "Load Balancing").
import type { BalancerAlgorithm, BalancerKind } from '../../targets/balancer/algorithms.ts';
import type { StepFigures } from '../measure/step-figures.ts';
import type { RunResult } from '../results/result-types.ts';
import { clearlyLarger, compareArms, comparisonStats } from './experiment-stats.ts';
import { round3, tierSteps } from './experiment-series.ts';
import type { ArmValues, Experiment, ExperimentArm } from './experiment-types.ts';

/** Entries of each app's LRU: well below the working set, so locality (not size) decides the hit ratio. */
const LRU_ENTRIES = 500;
const APPS = 4;
/** Consistent hashing must lift the local hit ratio by at least this factor over round-robin to confirm. */
const FACTOR = 1.1;

const ALGORITHMS: readonly [BalancerAlgorithm, string][] = [
  ['round-robin', 'rr'],
  ['least-connections', 'lc'],
  ['consistent-hash', 'ch'],
  ['power-of-two', 'p2c'],
];
const BALANCERS: readonly BalancerKind[] = ['nginx', 'haproxy'];

const arms: ExperimentArm[] = BALANCERS.flatMap((balancer) =>
  ALGORITHMS.map(([algorithm, short]) => ({ name: `${balancer}-${short}`, label: `${balancer} ${algorithm}`, overrides: { topology: { balancer, algorithm } } })),
);

const step = (r: RunResult) => tierSteps(r)[0];
const figure = (key: keyof StepFigures) => (r: RunResult) => step(r)?.figures[key] ?? null;

/** CPU-ms the balancer (every process of its tree) spent per completed request. */
export function balancerCpuMsPerRequest(r: RunResult): number | null {
  const s = step(r);
  const lb = s?.processes.filter((p) => p.role === 'balancer') ?? [];
  return s && lb.length > 0 ? round3(lb.reduce((a, p) => a + p.cpuMsPerRequest, 0)) : null;
}

export const lbLocality: Experiment = {
  name: 'lb-locality',
  claimId: 'lb-round-robin-locality',
  question: "Does round-robin's blind spot for cache locality cost local-LRU hits that consistent hashing on the code gets back (nginx and HAProxy)?",
  base: {
    stage: 3,
    machineCpu: 'none',
    calibrateS: 0,
    rate: 300,
    stepDurationS: 4,
    warmupS: 2,
    seedLinks: 5000,
    topology: { appProcesses: APPS, localLruSize: LRU_ENTRIES },
  },
  arms,
  repeats: 1,
  metrics: [
    { key: 'localHitRatio', label: 'local LRU hit ratio', unit: 'fraction', better: 'higher', read: figure('localHitRatio') },
    { key: 'redisReadsPerRedirect', label: 'Redis reads/redirect', unit: 'ratio', better: 'lower', read: figure('redisReadsPerRedirect') },
    { key: 'dbReadsPerRedirect', label: 'DB reads/redirect', unit: 'ratio', better: 'lower', read: figure('dbReadsPerRedirect') },
    { key: 'p99Ms', label: 'p99 ms', unit: 'ms', better: 'lower', read: (r) => (step(r) ? step(r)!.latencyUs.p99 / 1000 : null) },
    { key: 'balancerCpuMsPerRequest', label: 'balancer CPU-ms/req', unit: 'ms', better: 'lower', read: balancerCpuMsPerRequest },
  ],
  notes: [
    `stage 3 unconstrained (--machine-cpu none), ${APPS} apps, each with a ${LRU_ENTRIES}-entry local LRU (TTL 5 s) over 5,000 Zipf(1.0) links: the LRUs together could hold 2,000 codes, one alone 500`,
    'consistent-hash: nginx `hash $code consistent` (ketama), HAProxy `balance hash path` with `hash-type consistent`; power-of-two: nginx `random two least_conn`, HAProxy `balance random(2)`',
    'DB reads come from Redis misses (a shared cache the balancer cannot change); the locality effect is in the local LRU and the Redis reads behind it',
  ],
  verdict(values) {
    // Per balancer whose round-robin and consistent-hash arms both measured (a shortened run may have only one balancer).
    const per = BALANCERS.filter((b) => get(values, `${b}-rr`).length > 0 && get(values, `${b}-ch`).length > 0).map((b) => ({
      b,
      c: compareArms(get(values, `${b}-ch`), get(values, `${b}-rr`)),
    }));
    if (per.length === 0) return { outcome: 'inconclusive', summary: 'no balancer with both a round-robin and a consistent-hash arm measured', statistics: {} };
    const statistics = Object.assign({ factorNeeded: FACTOR }, ...per.map(({ b, c }) => comparisonStats(`${b}HitRatioChVsRr`, c)));
    const words = per.map(({ b, c }) => `${b}: local hit ratio ${c.medianB.toFixed(3)} round-robin vs ${c.medianA.toFixed(3)} consistent-hash (×${c.ratio.toFixed(2)})`).join('; ');
    if (per.every(({ c }) => clearlyLarger(c, FACTOR))) return { outcome: 'confirms', summary: `${words}: round-robin spreads each code over every app's LRU`, statistics };
    if (per.every(({ c }) => c.ratio < 1.02)) return { outcome: 'contradicts', summary: `${words}: no locality that hashing gets back`, statistics };
    return { outcome: 'inconclusive', summary: `${words}: below ×${FACTOR} on a balancer or the runs overlap`, statistics };
  },
};

function get(values: ArmValues[], arm: string): number[] {
  return values.find((a) => a.arm === arm)?.values.localHitRatio ?? [];
}
