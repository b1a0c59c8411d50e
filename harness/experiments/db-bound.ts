// Shared by the PostgreSQL experiments whose premise is the seed's "1K–10K users: database read bottleneck": stage 1 on
// PostgreSQL with the database machine sized down below the app's, so the database breaks first; each arm's knee is
// searched, and the verdict names what broke at the base arm's knee (the DB machine, or the premise did not hold).
import { saturations } from '../analysis/saturation.ts';
import type { RunResult, StepResult } from '../results/result-types.ts';
import { median } from '../stats/median-ci.ts';
import type { ArmValues, ExperimentBenchInput, ExperimentMetric, ExperimentVerdict } from './experiment-types.ts';

/** The app machine, cores: four 0.1-core machines, so the app is not what breaks first. */
export const DB_BOUND_APP_CPU = 0.4;
/** The database machine (and each replica), cores: half a 0.1-core machine, sized down so the database breaks first. */
export const DB_BOUND_DB_CPU = 0.05;
/** The fix must raise the knee by at least this factor to confirm (one knee search a side on a shared box). */
export const DB_BOUND_FACTOR = 1.3;

/** What every arm shares: stage 1 on PostgreSQL, clicks written behind (a redirect is one read), a knee search. */
export const DB_BOUND_BASE: ExperimentBenchInput = {
  stage: 1,
  db: 'postgres',
  // Write-behind in every arm: each redirect is one lookup, the read-heavy load the seed's row is about (a click
  // UPDATE per redirect would go to the primary whatever reads the replicas or Redis take off it).
  with: ['write-behind'],
  machineCpu: '0.1',
  machine: `app=${DB_BOUND_APP_CPU},db=${DB_BOUND_DB_CPU}`,
  calibrateS: 0,
  seedLinks: 10_000,
  warmupS: 2,
  // One measured step below every arm's knee (where the search starts), then the knee search.
  rate: 150,
  stepDurationS: 3,
  findKnee: true,
  kneeProbeS: 3,
  kneeMaxRate: 2000,
  workload: { readWriteRatio: 100 },
};

/** The labelled premise line every such experiment prints among its notes. */
export function dbBoundPremise(): string {
  return (
    `premise (the seed's "database read bottleneck"): the DB machine is sized down to ${DB_BOUND_DB_CPU} core, every replica too, against ` +
    `${DB_BOUND_APP_CPU} core for the app (--machine app=${DB_BOUND_APP_CPU},db=${DB_BOUND_DB_CPU}), so that the database, not the app, is stage 1's bottleneck`
  );
}

/** The knee probe whose failure bounded the knee (the confirmed one at failRate; else the last failure), as its step. */
export function breakStep(r: RunResult): StepResult | undefined {
  const k = r.knee;
  if (!k) return undefined;
  const fails = k.probes.filter((p) => !p.pass && p.step !== undefined && (k.failRate === undefined || p.rate === k.failRate));
  const last = fails.at(-1);
  return last ? r.steps[last.step!] : undefined;
}

/** The highest share of its budget any process of `role` used in the step that broke the knee. */
export function shareAtBreak(role: 'db' | 'app' | 'cache') {
  return (r: RunResult): number | null => {
    const s = breakStep(r);
    if (!s) return null;
    const shares = saturations(s.processes).filter((x) => x.role === role).map((x) => x.share);
    return shares.length ? Math.round(Math.max(...shares) * 1000) / 1000 : null;
  };
}

/** What broke at a run's knee: the saturated machines (with their role) and the step's own attribution. */
export function whatBroke(r: RunResult): { rate: number | null; db: string[]; others: string[]; bottleneck: string } {
  const s = breakStep(r);
  if (!s) return { rate: null, db: [], others: [], bottleneck: r.knee?.brokeBy ?? 'no knee found' };
  const hot = saturations(s.processes).filter((x) => x.saturated);
  return {
    rate: s.targetRate,
    db: hot.filter((x) => x.role === 'db').map((x) => x.text),
    others: hot.filter((x) => x.role !== 'db').map((x) => x.text),
    bottleneck: s.bottleneck ?? s.slo.reasons.join(', '),
  };
}

/** The knee metrics every such experiment shows first: the knee, its failing rate, and the DB and app machines' use there. */
export const DB_BOUND_METRICS: ExperimentMetric[] = [
  { key: 'kneeRate', label: 'knee req/s (model)', unit: 'req/s', better: 'higher', read: (r) => r.knee?.rate ?? null },
  { key: 'kneeFailRate', label: 'first failed req/s', unit: 'req/s', read: (r) => r.knee?.failRate ?? null },
  { key: 'dbShareAtBreak', label: 'DB machine use at the break', unit: 'fraction', read: shareAtBreak('db') },
  { key: 'appShareAtBreak', label: 'app machine use at the break', unit: 'fraction', read: shareAtBreak('app') },
];

/** A figure of the break step (null when the run has no knee failure). */
export function breakFigure(key: keyof StepResult['figures']) {
  return (r: RunResult): number | null => breakStep(r)?.figures[key] ?? null;
}

/** True when the run's knee search confirmed a failure above its knee (else the knee is only a lower bound). */
const bracketed = (r: RunResult | undefined) => r?.knee?.failRate !== undefined;

/**
 * The verdict: the fix arm's knee against the base arm's, and the base arm's attribution. Confirms when the base arm's
 * knee was bracketed by a confirmed failure on its DB machine (the premise) and the fix raised the knee by
 * DB_BOUND_FACTOR (a fix knee that is a lower bound counts: the fix is at least that good); contradicts only when the
 * premise held and the fix's own bracketed knee is no higher; otherwise inconclusive, saying which part was missing.
 */
export function dbBoundVerdict(values: ArmValues[], o: { base: string; fix: string; fixWords: string }): ExperimentVerdict {
  const arm = (name: string) => values.find((a) => a.arm === name);
  const base = arm(o.base);
  const fix = arm(o.fix);
  const kb = base?.values.kneeRate ?? [];
  const kf = fix?.values.kneeRate ?? [];
  if (!base || !fix || kb.length === 0 || kf.length === 0) return { outcome: 'inconclusive', summary: 'an arm has no knee', statistics: {} };
  const baseKnee = median(kb);
  const fixKnee = median(kf);
  const ratio = baseKnee > 0 ? fixKnee / baseKnee : Infinity;
  const baseBracketed = base.results.every(bracketed);
  const fixBracketed = fix.results.every(bracketed);
  const broke = base.results.map(whatBroke);
  const premise = baseBracketed && broke.every((b) => b.db.length > 0);
  const runs = Math.min(kb.length, kf.length);
  const r1 = (v: number) => Math.round(v * 10) / 10;
  const statistics: Record<string, number | string> = {
    baseKnee: r1(baseKnee),
    fixKnee: r1(fixKnee),
    ratio: Number.isFinite(ratio) ? Math.round(ratio * 1000) / 1000 : 'inf',
    factorNeeded: DB_BOUND_FACTOR,
    runsPerArm: runs,
    dbMachineCores: DB_BOUND_DB_CPU,
    appMachineCores: DB_BOUND_APP_CPU,
    premiseHeld: premise ? 'yes' : baseBracketed ? 'no' : 'unknown (no confirmed failure)',
    fixKneeIs: fixBracketed ? 'bracketed' : 'a lower bound',
  };
  const why = (name: string, r: RunResult | undefined) => {
    if (!bracketed(r)) return `${name}'s knee is a lower bound (${r?.knee?.brokeBy ?? 'no knee search'})`;
    const b = whatBroke(r!);
    const hot = [...b.db, ...b.others].join('; ') || b.bottleneck || 'nothing saturated';
    return b.db.length > 0 ? `${name} broke on its DB machine at ${b.rate} req/s (${hot})` : `${name} broke at ${b.rate} req/s on ${hot}, not on its DB machine`;
  };
  const words =
    `knee ${r1(baseKnee)}${baseBracketed ? '' : '+'} req/s ${o.base} vs ${r1(fixKnee)}${fixBracketed ? '' : '+'} req/s ${o.fixWords} (×${Number.isFinite(ratio) ? ratio.toFixed(2) : '∞'}` +
    `${runs < 2 ? ', one knee search a side' : ''}); ${why(o.base, base.results[0])}; ${why(o.fix, fix.results[0])}`;
  if (!baseBracketed) return { outcome: 'inconclusive', summary: `${words}: no confirmed failure in ${o.base}, so what broke there is not measured`, statistics };
  if (!premise) return { outcome: 'inconclusive', summary: `${words}: the premise (the database is the bottleneck) did not hold in this run`, statistics };
  if (ratio >= DB_BOUND_FACTOR) return { outcome: 'confirms', summary: words, statistics };
  if (ratio <= 1 && fixBracketed) return { outcome: 'contradicts', summary: `${words}: the DB machine broke first and the fix did not raise the knee`, statistics };
  return { outcome: 'inconclusive', summary: `${words}: ${fixBracketed ? `below ×${DB_BOUND_FACTOR}` : `the fix's knee search stopped below ×${DB_BOUND_FACTOR}`}`, statistics };
}
