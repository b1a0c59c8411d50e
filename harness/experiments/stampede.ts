// stampede: under NATURAL expiry of a hot key (short TTL, heavy Zipf), do single-flight + XFetch keep its refills to about
// one DB read per TTL, where without them every request arriving during the rebuild reads the DB?
// Stage 2 (app + Redis over SQLite), unconstrained (--machine-cpu none); the DB read carries the seed's 40 ms network
// round trip (emulated: a delay that burns no CPU), which is what gives concurrent misses a window. Measured by the
// watch-hot-key action (keyspace notifications: every SET of the rank-1 code's entry is one DB read). Claim stampede-defences.
import { clearlyLarger, compareArms, comparisonStats } from './experiment-stats.ts';
import { round3, tierSteps } from './experiment-series.ts';
import type { Experiment } from './experiment-types.ts';
import type { RunResult } from '../results/result-types.ts';

const TTL_MS = 1000;
const DB_DELAY_MS = 40;
/** Without the defences the hot key must take at least this many times the DB reads per TTL to confirm the claim. */
const FACTOR = 2;

const watch = (r: RunResult) => tierSteps(r)[0]?.faults?.find((f) => f.kind === 'watch-hot-key')?.outcome;

export const stampede: Experiment = {
  name: 'stampede',
  claimId: 'stampede-defences',
  question: 'Under natural expiry of a hot key, do single-flight + XFetch keep its DB reads to about one per TTL, where without them every concurrent miss reads the DB?',
  base: {
    stage: 2,
    machineCpu: 'none',
    rate: 300,
    stepDurationS: 12,
    warmupS: 2,
    calibrateS: 0,
    seedLinks: 1000,
    workload: { zipfSkew: 1.5 },
    topology: { cacheTtlMs: TTL_MS, dbReadDelayMs: DB_DELAY_MS },
    faults: ['watch-hot-key'],
  },
  arms: [
    { name: 'defences', label: 'single-flight + XFetch (default)', overrides: { topology: { stampedeDefences: true } } },
    { name: 'none', label: 'no defences (--no-stampede-defences)', overrides: { topology: { stampedeDefences: false } } },
  ],
  repeats: 2,
  metrics: [
    { key: 'hotKeyDbReadsPerTtl', label: 'hot-key DB reads per TTL', unit: 'count', better: 'lower', read: (r) => watch(r)?.refillsPerTtl ?? null },
    { key: 'hotKeyExpiries', label: 'hot-key expiries', unit: 'count', read: (r) => watch(r)?.expiries ?? null },
    { key: 'dbReadsPerRequest', label: 'DB reads/req', unit: 'ratio', better: 'lower', read: (r) => tierSteps(r)[0]?.figures.dbReadsPerRequest ?? null },
    { key: 'p99Ms', label: 'p99 ms', unit: 'ms', better: 'lower', read: (r) => (tierSteps(r)[0] ? round3(tierSteps(r)[0].latencyUs.p99 / 1000) : null) },
    { key: 'redirectP999Ms', label: 'p99.9 ms', unit: 'ms', better: 'lower', read: (r) => (tierSteps(r)[0] ? round3(tierSteps(r)[0].latencyUs.p999 / 1000) : null) },
  ],
  notes: [
    `stage 2 unconstrained (--machine-cpu none): Redis TTL ${TTL_MS / 1000} s, Zipf 1.5 over 1,000 links (the rank-1 code is ~40 % of 300 req/s), each cache-miss DB read after an emulated ${DB_DELAY_MS} ms round trip (the seed's networked DB); no synthetic deletes: the key expires on its own`,
  ],
  verdict(arms) {
    const on = arms.find((a) => a.arm === 'defences')!;
    const off = arms.find((a) => a.arm === 'none')!;
    const c = compareArms(off.values.hotKeyDbReadsPerTtl, on.values.hotKeyDbReadsPerTtl);
    const stats = { ...comparisonStats('hotKeyReadsPerTtl', c), factorNeeded: FACTOR };
    const words = `hot-key DB reads per ${TTL_MS / 1000} s TTL: ${c.medianA.toFixed(2)} without the defences vs ${c.medianB.toFixed(2)} with single-flight + XFetch (×${Number.isFinite(c.ratio) ? c.ratio.toFixed(2) : '∞'})`;
    if (clearlyLarger(c, FACTOR)) return { outcome: 'confirms', summary: `${words}: concurrent misses stampede the DB without them`, statistics: stats };
    if (c.ratio < 1.2) return { outcome: 'contradicts', summary: `${words}: no stampede for the defences to prevent`, statistics: stats };
    return { outcome: 'inconclusive', summary: `${words}: under ×${FACTOR} or the runs overlap`, statistics: stats };
  },
};
