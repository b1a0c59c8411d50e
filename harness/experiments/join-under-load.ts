// join-under-load: what does adding an app under load (and removing it again) cost, per balancing algorithm?
// Stage 3 (nginx over 3 apps, each with its local LRU in front of the shared Redis), unconstrained (--machine-cpu none):
// the add-app timeline action starts a 4th app before the step, adds it to nginx at 1/3 of the step (graceful reload)
// and removes it at 2/3. Keys moved are measured elsewhere (keys-moved); this measures what the move costs: local-LRU
// misses (each one a Redis read) and DB reads per 500 ms around each change, client errors and p99, time to recover.
// Arms: round-robin, consistent hashing, and hash mod N (the seed's "rehashing problem", as the control that moves most
// codes). Claim consistent-hash-join-cost (seed 002 "The Rehashing Problem" / "Consistent Hashing").
import type { FaultRecord, RunResult } from '../results/result-types.ts';
import { clearlyLarger, compareArms, comparisonStats } from './experiment-stats.ts';
import { tierSteps } from './experiment-series.ts';
import type { Experiment } from './experiment-types.ts';

const STEP_S = 9;
const LOCAL_TTL_MS = 60_000;
/** Mod-N's extra misses after the join must be at least this many times consistent hashing's to confirm. */
const FACTOR = 2;
/** ...and at least this many, so two small numbers in the noise do not make a ratio. */
const MIN_EXTRA = 50;

const addApp = (r: RunResult): FaultRecord | undefined => tierSteps(r)[0]?.faults?.find((f) => f.kind === 'add-app');
const outcome = (key: string, scale = 1) => (r: RunResult) => {
  const v = addApp(r)?.outcome[key];
  return v === undefined ? null : v / scale;
};

export const joinUnderLoad: Experiment = {
  name: 'join-under-load',
  claimId: 'consistent-hash-join-cost',
  question: 'Adding an app under load: does consistent hashing cost far fewer cache misses than hash mod N (and than round-robin), and what does removing it cost?',
  base: {
    stage: 3,
    machineCpu: 'none',
    calibrateS: 0,
    rate: 300,
    stepDurationS: STEP_S,
    warmupS: 6, // past one local-LRU TTL (5 s), so the baseline before the join is the steady state
    seedLinks: 5000,
    // A local TTL of 60 s: cache state that outlives the step, as the seed's "accumulated cache state" (5 s would wipe it anyway).
    topology: { appProcesses: 3, balancer: 'nginx', localLruTtlMs: LOCAL_TTL_MS },
    faults: [`add-app@${STEP_S / 3}+${STEP_S / 3}`],
  },
  arms: [
    { name: 'round-robin', label: 'nginx round-robin', overrides: { topology: { algorithm: 'round-robin' } } },
    { name: 'consistent-hash', label: 'nginx hash $code consistent', overrides: { topology: { algorithm: 'consistent-hash' } } },
    { name: 'modulo-hash', label: 'nginx hash $code (mod N)', overrides: { topology: { algorithm: 'modulo-hash' } } },
  ],
  repeats: 1,
  metrics: [
    { key: 'joinExtraLocalMisses', label: 'extra misses after join', unit: 'count', better: 'lower', read: outcome('joinExtraLocalMisses') },
    { key: 'joinedAppExtraMisses', label: 'joined app extra misses', unit: 'count', better: 'lower', read: outcome('joinedAppExtraLocalMisses') },
    { key: 'leaveExtraLocalMisses', label: 'extra misses after leave', unit: 'count', better: 'lower', read: outcome('leaveExtraLocalMisses') },
    { key: 'joinExtraDbReads', label: 'extra DB reads after join', unit: 'count', better: 'lower', read: outcome('joinExtraDbReads') },
    { key: 'joinRecoveredMs', label: 'join recovered ms', unit: 'ms', better: 'lower', read: outcome('joinRecoveredMs') },
    { key: 'leaveRecoveredMs', label: 'leave recovered ms', unit: 'ms', better: 'lower', read: outcome('leaveRecoveredMs') },
    { key: 'joinP99MaxMs', label: 'worst p99/s after join ms', unit: 'ms', better: 'lower', read: outcome('joinP99MaxUs', 1000) },
    { key: 'errors', label: 'errors', unit: 'count', better: 'lower', read: (r) => (addApp(r) ? (addApp(r)!.outcome.joinErrors ?? 0) + (addApp(r)!.outcome.leaveErrors ?? 0) : null) },
  ],
  series: { label: 'local-LRU misses per second (per 500 ms; join at 1/3, leave at 2/3)', read: (r) => addApp(r)?.series?.perS.localMisses ?? [] },
  notes: [
    `stage 3 unconstrained (--machine-cpu none), nginx over 3 apps + 1 joining at ${STEP_S / 3} s and leaving at ${(2 * STEP_S) / 3} s of a ${STEP_S} s step at 300 req/s; local LRU 10,000 entries, TTL ${LOCAL_TTL_MS / 1000} s (the app default is 5 s), over 5,000 Zipf(1.0) links`,
    'joined app extra misses: its local-LRU misses while a member minus (the fleet\'s misses per redirect before the join × the redirects it served): the cold start the join costs',
    'extra = Σ over 500-ms intervals until the next change of (misses − the median misses per redirect before the join × redirects), so the stall and catch-up of a reload do not count; recovered = misses per redirect back under 1.25 × that median + 0.02',
    'errors: connection resets of client keep-alive connections the old nginx workers close on a graceful reload',
    'Redis is shared and warm, so the moved codes cost Redis reads (local misses), not DB reads: no stampede reaches the DB in either arm unless Redis misses too',
  ],
  verdict(values) {
    const v = (arm: string, key: string) => values.find((a) => a.arm === arm)?.values[key] ?? [];
    const join = compareArms(v('modulo-hash', 'joinExtraLocalMisses'), v('consistent-hash', 'joinExtraLocalMisses'));
    const rr = v('round-robin', 'joinExtraLocalMisses');
    const statistics = { ...comparisonStats('joinMissesModVsCh', join), factorNeeded: FACTOR, minExtra: MIN_EXTRA, ...(rr.length ? { roundRobinJoinExtraMisses: rr[0] } : {}) };
    const words =
      `extra local misses after the join ${join.medianA.toFixed(0)} mod-N vs ${join.medianB.toFixed(0)} consistent-hash` + (rr.length ? ` (round-robin ${rr[0].toFixed(0)})` : '');
    // Consistent hashing near zero counts as "a fraction" when mod-N's cost is clearly there.
    const chSmall = join.medianB <= 0 ? join.separated : clearlyLarger(join, FACTOR);
    if (join.medianA >= MIN_EXTRA && chSmall) return { outcome: 'confirms', summary: `${words}: consistent hashing moves few codes, so the join rebuilds little`, statistics };
    if (join.medianB >= join.medianA && join.separated) return { outcome: 'contradicts', summary: `${words}: consistent hashing's join is no cheaper than mod N`, statistics };
    return { outcome: 'inconclusive', summary: `${words}: mod-N's cost below ${MIN_EXTRA}, below ×${FACTOR}, or the runs overlap`, statistics };
  },
};
