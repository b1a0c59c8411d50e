// ttl-jitter: do keys filled together expire together without TTL jitter, and does jitter flatten the DB reads?
// Stage 2 (app + Redis cache-aside over SQLite), unconstrained (--machine-cpu none): the question is about when the
// cache misses, not about capacity, so no CPU budget distorts it. A short TTL (5 s) and a step of 5 TTLs, started cold
// (no warm-up): every key requested in the first second is filled together. Metric: DB reads per 250 ms after the first
// TTL — peak ÷ mean and coefficient of variation. Claim ttl-jitter-flattens-expiry (seed 002, "Cache Stampede").
import { clearlyLarger, compareArms, comparisonStats } from './experiment-stats.ts';
import { coefficientOfVariation, counterSeries, peakToMean, round3, tierSteps } from './experiment-series.ts';
import type { Experiment } from './experiment-types.ts';
import type { RunResult } from '../results/result-types.ts';

const TTL_MS = 5000;
const INTERVAL_MS = 250;
/** The fill (at 0.5 s) is the same in both arms; spikes are judged from 4 s on (the first expiry is due at 5.5 s). */
const SKIP = (TTL_MS - 1000) / INTERVAL_MS;
/**
 * Jitter of the "on" arm: ± 50 %. In production the app's ± 10 % of a 5 min TTL is ± 30 s, far wider than a burst of
 * fills; at a 5 s TTL ± 10 % is ± 0.5 s, narrower than the burst itself on a busy box (1–3 s), so it is kept as a
 * third arm for the record and the verdict compares none with ± 50 % (the same relation to the burst as production's).
 */
const JITTER = 0.5;
/** Without jitter the spikes must be at least this much higher (peak ÷ mean) to confirm the claim. */
const FACTOR = 1.5;

/** DB reads per second, per 250 ms interval after the first TTL. */
const dbReadsAfterFirstTtl = (r: RunResult) => counterSeries(tierSteps(r)[0], 'dbReads', SKIP);

export const ttlJitter: Experiment = {
  name: 'ttl-jitter',
  claimId: 'ttl-jitter-flattens-expiry',
  question: 'Do keys filled together expire together without TTL jitter (DB read spikes every TTL), and does jitter flatten them?',
  base: {
    stage: 2,
    machineCpu: 'none',
    rate: 200,
    stepDurationS: 20,
    warmupS: 2,
    faults: ['fill-cache@0.5+3'],
    calibrateS: 0,
    seedLinks: 200,
    workload: { zipfSkew: 1.2 },
    counterIntervalMs: INTERVAL_MS,
    topology: { cacheTtlMs: TTL_MS },
  },
  arms: [
    { name: 'no-jitter', label: 'TTL 5 s, no jitter', overrides: { topology: { ttlJitter: 0 } } },
    { name: 'jitter', label: `TTL 5 s ± ${JITTER * 100} %`, overrides: { topology: { ttlJitter: JITTER } } },
    { name: 'jitter-10', label: "TTL 5 s ± 10 % (the app's default)", overrides: { topology: { ttlJitter: 0.1 } } },
  ],
  repeats: 1,
  metrics: [
    { key: 'dbReadsPeakToMean', label: 'DB reads/s peak÷mean', unit: 'ratio', better: 'lower', read: (r) => round3(peakToMean(dbReadsAfterFirstTtl(r))) },
    { key: 'dbReadsCv', label: 'DB reads/s CV', unit: 'ratio', better: 'lower', read: (r) => round3(coefficientOfVariation(dbReadsAfterFirstTtl(r))) },
    { key: 'dbReadsPeakPerS', label: 'peak DB reads/s', unit: 'reads/s', read: (r) => round3(Math.max(0, ...dbReadsAfterFirstTtl(r))) },
    { key: 'dbReadsPerRequest', label: 'DB reads/req', unit: 'ratio', read: (r) => tierSteps(r)[0]?.figures.dbReadsPerRequest ?? null },
    { key: 'p99Ms', label: 'p99 ms', unit: 'ms', better: 'lower', read: (r) => (tierSteps(r)[0] ? tierSteps(r)[0].latencyUs.p99 / 1000 : null) },
  ],
  series: { label: 'DB reads per second (per 250 ms interval, whole step)', read: (r) => counterSeries(tierSteps(r)[0], 'dbReads') },
  notes: [
    `stage 2 unconstrained (--machine-cpu none): Redis TTL ${TTL_MS / 1000} s, after a 2 s warm-up the fill-cache action (0.5 s into the step) empties Redis and requests all 200 seeded codes at once, so they are filled together, DB reads read every ${INTERVAL_MS} ms from the app's /metrics; spikes judged from 4 s on (the fill itself left out)`,
    `jitter ± ${JITTER * 100} % decides: at a 5 s TTL the app's default ± 10 % (± 0.5 s) is narrower than the fill burst on this box; in production ± 10 % of 5 min is ± 30 s`,
  ],
  verdict(arms) {
    const off = arms.find((a) => a.arm === 'no-jitter')!;
    const on = arms.find((a) => a.arm === 'jitter')!;
    const c = compareArms(off.values.dbReadsPeakToMean, on.values.dbReadsPeakToMean);
    const stats = { ...comparisonStats('peakToMean', c), factorNeeded: FACTOR };
    const words = `DB reads/s peak ÷ mean ${c.medianA.toFixed(2)} without jitter vs ${c.medianB.toFixed(2)} with ± ${JITTER * 100} % (×${c.ratio.toFixed(2)})`;
    if (clearlyLarger(c, FACTOR)) return { outcome: 'confirms', summary: `${words}: keys filled together expire together, and jitter spreads them`, statistics: stats };
    if (c.ratio < 1.15) return { outcome: 'contradicts', summary: `${words}: no spikes that jitter removes`, statistics: stats };
    return { outcome: 'inconclusive', summary: `${words}: smaller than ×${FACTOR} or the runs overlap`, statistics: stats };
  },
};
