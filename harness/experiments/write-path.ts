// write-path: click counts written synchronously vs write-through (Redis + DB) vs write-behind (batched from memory), each
// with app-1 SIGKILLed mid-step: redirect latency outside the outage, DB click statements/transactions per redirect, and the
// clicks acknowledged to users (302s the generator got) that the database never stored.
import { decodeHistogram, mergeHistograms, summarize } from '../measure/histogram.ts';
import type { StepFigures } from '../measure/step-figures.ts';
import type { RunResult, StepResult } from '../results/result-types.ts';
import { round3, tierSteps } from './experiment-series.ts';
import { median } from '../stats/median-ci.ts';
import type { ArmValues, Experiment, ExperimentVerdict } from './experiment-types.ts';

/** A run "lost nothing" when at most this many clicks (or this share of them) are missing: one retried request or two. */
const NO_LOSS_CLICKS = 2;
const NO_LOSS_SHARE = 0.001;
/** Write-behind must cut DB transactions per redirect at least this much against write-through to count as "batching". */
const BATCH_FACTOR = 2;

const faultedStep = (r: RunResult): StepResult | undefined => tierSteps(r).find((s) => s.faults?.some((f) => f.kind === 'kill-app'));

/**
 * Latency of the step's seconds untouched by the kill: intervals ending before it, and those starting once the restarted
 * app serves again (plus a second). Null when nothing is left or the step has no kill.
 */
export function latencyOutsideKill(step: StepResult | undefined): { p50Ms: number; p99Ms: number; count: number } | null {
  const kill = step?.faults?.find((f) => f.kind === 'kill-app');
  if (!step || !kill) return null;
  const back = kill.atMs + (kill.outcome.servingAgainMs ?? kill.outcome.downMs ?? 0) + 1000;
  const clean = step.intervals.filter((i) => i.endMs <= kill.atMs || i.startMs >= back);
  if (clean.length === 0) return null;
  const s = summarize(mergeHistograms(clean.map((i) => decodeHistogram(i.histogram))));
  if (s.count === 0) return null;
  return { p50Ms: s.p50 / 1000, p99Ms: s.p99 / 1000, count: s.count };
}

const figure = (key: keyof StepFigures) => (r: RunResult) => faultedStep(r)?.figures[key] ?? null;
const killed = (r: RunResult) => faultedStep(r)?.faults?.find((f) => f.kind === 'kill-app')?.pid !== undefined;

/** Clicks lost that count as a loss (negative = recorded more than acknowledged: a retried request, not a loss). */
const lossOf = (a: ArmValues) => median(a.values.clicksLost ?? []);
const madeOf = (a: ArmValues) => median(a.results.map((r) => r.clicks?.made ?? 0));
const lossFree = (a: ArmValues) => lossOf(a) <= Math.max(NO_LOSS_CLICKS, NO_LOSS_SHARE * madeOf(a));

export function writePathVerdict(arms: ArmValues[]): ExperimentVerdict {
  const [sync, through, behind] = arms;
  const has = (a: ArmValues | undefined, k: string) => a !== undefined && (a.values[k]?.length ?? 0) > 0;
  if (!has(sync, 'clicksLost') || !has(through, 'clicksLost') || !has(behind, 'clicksLost') || !arms.every((a) => a.results.every(killed))) {
    return { outcome: 'inconclusive', summary: 'an arm has no click ledger or no kill of app-1 (aborted, PostgreSQL, or the fault did not run)', statistics: {} };
  }
  const m = (a: ArmValues, k: string) => (has(a, k) ? median(a.values[k]) : NaN);
  const lost = { sync: lossOf(sync), through: lossOf(through), behind: lossOf(behind) };
  const batches = { sync: m(sync, 'clickDbBatchesPerRedirect'), through: m(through, 'clickDbBatchesPerRedirect'), behind: m(behind, 'clickDbBatchesPerRedirect') };
  const p50 = { sync: m(sync, 'p50Ms'), through: m(through, 'p50Ms'), behind: m(behind, 'p50Ms') };
  const p99 = { sync: m(sync, 'p99Ms'), through: m(through, 'p99Ms'), behind: m(behind, 'p99Ms') };
  const behindLoses = !lossFree(behind);
  const throughSafe = lossFree(through) && lossFree(sync);
  const batching = batches.behind * BATCH_FACTOR <= batches.through;
  const runs = Math.min(...arms.map((a) => a.results.length));
  const f = (v: number) => (Number.isFinite(v) ? String(round3(v)) : '—');
  const summary =
    `after kill -9 of app-1: write-behind lost ${lost.behind} of ${madeOf(behind)} clicks, write-through ${lost.through}, sync ${lost.sync}; ` +
    `DB transactions per redirect: sync ${f(batches.sync)}, write-through ${f(batches.through)}, write-behind ${f(batches.behind)}; ` +
    `latency outside the outage p50/p99 ms: sync ${f(p50.sync)}/${f(p99.sync)}, write-through ${f(p50.through)}/${f(p99.through)} (p50 ×${f(p50.through / p50.sync)}), ` +
    `write-behind ${f(p50.behind)}/${f(p99.behind)}` +
    (runs < 3 ? ` (latency: ${runs} run a side, shown not judged)` : '');
  const statistics: Record<string, number | string> = {
    runsPerArm: runs,
    lostSync: lost.sync,
    lostWriteThrough: lost.through,
    lostWriteBehind: lost.behind,
    madeWriteBehind: madeOf(behind),
    noLossBound: `≤ max(${NO_LOSS_CLICKS}, ${NO_LOSS_SHARE * 100} % of made)`,
    dbBatchesPerRedirectWriteThrough: round3(batches.through) ?? '—',
    dbBatchesPerRedirectWriteBehind: round3(batches.behind) ?? '—',
    batchFactorNeeded: BATCH_FACTOR,
    p50RatioWriteThroughOverSync: round3(p50.through / p50.sync) ?? '—',
  };
  if (behindLoses && throughSafe && batching) return { outcome: 'confirms', summary, statistics };
  // The claim is wrong here if write-through (or sync) lost acknowledged clicks, or write-behind lost none across a kill.
  if (!throughSafe || !behindLoses) return { outcome: 'contradicts', summary, statistics };
  return { outcome: 'inconclusive', summary: `${summary}; write-behind did not batch (needs ≤ 1/${BATCH_FACTOR} of write-through's transactions)`, statistics };
}

export const writePath: Experiment = {
  name: 'write-path',
  claimId: 'write-through-vs-write-behind',
  question: 'Is write-through safe but slower, and write-behind cheaper on the DB but lossy when an app is killed?',
  base: {
    stage: 3,
    // Unconstrained: a write path's latency is a fixed cost (a Redis round trip, a commit) the scale model does not preserve.
    machineCpu: 'none',
    rate: 200,
    stepDurationS: 10,
    warmupS: 2,
    calibrateS: 0,
    seedLinks: 10_000,
    // Default timing: a quarter into the step, down 2 s, restarted on its port; latency is read outside that window.
    faults: ['kill-app'],
  },
  arms: [
    { name: 'sync', label: 'one UPDATE per redirect before the 302 (stages 1–4)', overrides: {} },
    { name: 'write-through', label: 'Redis INCR + DB UPDATE per redirect before the 302', overrides: { with: ['write-through'] } },
    { name: 'write-behind', label: 'counted in memory, one batch per second (stage 5)', overrides: { with: ['write-behind'] } },
  ],
  repeats: 1,
  metrics: [
    { key: 'clicksLost', label: 'clicks lost (made − stored)', unit: 'count', better: 'lower', read: (r) => r.clicks?.lost ?? null },
    { key: 'clicksLostShare', label: 'share lost', unit: 'fraction', better: 'lower', read: (r) => r.clicks?.lostShare ?? null },
    { key: 'clickDbBatchesPerRedirect', label: 'DB click transactions/redirect', unit: 'ratio', better: 'lower', read: figure('clickDbBatchesPerRedirect') },
    { key: 'clickDbWritesPerRedirect', label: 'DB click UPDATEs/redirect', unit: 'ratio', better: 'lower', read: figure('clickDbWritesPerRedirect') },
    { key: 'clickCacheWritesPerRedirect', label: 'Redis click writes/redirect', unit: 'ratio', read: figure('clickCacheWritesPerRedirect') },
    { key: 'p50Ms', label: 'p50 ms outside the outage', unit: 'ms', better: 'lower', read: (r) => latencyOutsideKill(faultedStep(r))?.p50Ms ?? null },
    { key: 'p99Ms', label: 'p99 ms outside the outage', unit: 'ms', better: 'lower', read: (r) => latencyOutsideKill(faultedStep(r))?.p99Ms ?? null },
  ],
  verdict: writePathVerdict,
  notes: [
    'unconstrained (--machine-cpu none): 2 app processes on the stage CPU, nginx round-robin, one SQLite file, one redis-server',
    'clicks made = redirects the generator got over the whole run (warm-up included); stored = SQLite clicks after every process stopped (clean stops flush)',
    'latency = every request of the seconds before the kill and after app-1 serves again (+1 s): the outage itself is kill-app\'s own record',
  ],
};
