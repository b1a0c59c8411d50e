// compareRuns: per stage × tier × step kind and per metric, base vs head with a verdict; exit code 1 on a significant regression past the threshold.
import type { RunResult } from '../results/result-types.ts';
import { compareRepeated, type MetricOutcome } from './compare-repeated.ts';
import { compareSingle, singleRunTested } from './compare-single.ts';
import { decideVerdict, describeVerdict } from './decide-verdict.ts';
import { holmAdjust, mannWhitneyFloor, runsNeededForHolm } from './holm.ts';
import type { Comparison, CompareOptions, GroupComparison, MetricComparison } from './compare-types.ts';
import { envWarnings, summarizeSide } from './env-warnings.ts';
import { collectSamples } from './extract-samples.ts';

export const DEFAULT_THRESHOLD = 0.05;
export const DEFAULT_ALPHA = 0.05;
export const DEFAULT_MIN_REPEATS = 5;

const METRIC_ORDER = ['achievedRate', 'p50', 'p90', 'p99', 'p999', 'errorRate', 'knee'];
function metricRank(metric: string): number {
  const i = METRIC_ORDER.indexOf(metric);
  return i >= 0 ? i : METRIC_ORDER.length;
}

function groupOrder(a: GroupComparison, b: GroupComparison): number {
  return a.stage - b.stage || Number(a.kind === 'knee') - Number(b.kind === 'knee') || 0;
}

export function compareRuns(base: readonly RunResult[], head: readonly RunResult[], opts: CompareOptions): Comparison {
  const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
  const alpha = opts.alpha ?? DEFAULT_ALPHA;
  const minRepeats = opts.minRepeats ?? DEFAULT_MIN_REPEATS;
  const gateOnSingleRun = opts.gateOnSingleRun ?? false;
  if (!(threshold >= 0 && threshold < 10)) throw new RangeError(`threshold must be a fraction between 0 and 10 (0.05 = 5 %), got ${threshold}`);
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be between 0 and 1, got ${alpha}`);

  const sb = collectSamples(base);
  const sh = collectSamples(head);
  const warnings = envWarnings(base, head);
  for (const note of [...sb.notes.map((n) => `base: ${n}`), ...sh.notes.map((n) => `head: ${n}`)]) warnings.push(note);

  const groups: GroupComparison[] = [];
  for (const [key, gb] of sb.groups) {
    const gh = sh.groups.get(key);
    if (!gh) continue;
    const loadgenBound = gb.loadgenBound || gh.loadgenBound;
    const pairs = [...gb.metrics].flatMap(([metric, mb]) => {
      const mh = gh.metrics.get(metric);
      return mh && mb.values.length > 0 && mh.values.length > 0 ? [{ mb, mh, repeated: mb.values.length >= minRepeats && mh.values.length >= minRepeats }] : [];
    });
    // The family of this stage · tier comparison: every metric that gets a test (threshold-only ones do not).
    const family = pairs.filter((p) => p.repeated || singleRunTested(p.mb)).length;
    const outcomes: MetricOutcome[] = pairs.map(({ mb, mh, repeated }) =>
      repeated ? compareRepeated(mb.def, mb.values, mh.values, threshold, alpha) : compareSingle(mb, mh, threshold, alpha, family),
    );
    const metrics: MetricComparison[] = withHolm(outcomes, family, alpha, threshold).map((outcome, i) => ({
      ...outcome,
      gates: !loadgenBound && (pairs[i].repeated || gateOnSingleRun),
    }));
    const floorRuns = pairs.filter((p) => p.repeated).map((p) => Math.min(p.mb.values.length, p.mh.values.length));
    if (floorRuns.length > 0 && family > 1) {
      const n = Math.min(...floorRuns);
      const floor = mannWhitneyFloor(n, n);
      if (floor >= alpha / family) {
        warnings.push(
          `${key}: with ${n} runs a side the smallest possible p is ${floor.toPrecision(2)}, not below α/${family} = ${(alpha / family).toPrecision(2)} ` +
            `that Holm needs over ${family} metrics: no metric here can be significant; run ≥ ${runsNeededForHolm(family, alpha)} runs a side`,
        );
      }
    }
    metrics.sort((a, b) => metricRank(a.metric) - metricRank(b.metric) || a.metric.localeCompare(b.metric));
    if (metrics.length === 0) continue;
    groups.push({ key, stage: gb.stage, tier: gb.tier, kind: gb.kind, connections: gb.connections, loadgenBound, metrics });
    if (loadgenBound) warnings.push(`${key}: the load generator limited this step in some run; its verdicts do not gate the exit code`);
  }
  groups.sort(groupOrder);

  const onlyInBase = [...sb.groups.keys()].filter((k) => !sh.groups.has(k));
  const onlyInHead = [...sh.groups.keys()].filter((k) => !sb.groups.has(k));
  if (onlyInBase.length > 0) warnings.push(`only in base (not compared): ${onlyInBase.join(', ')}`);
  if (onlyInHead.length > 0) warnings.push(`only in head (not compared): ${onlyInHead.join(', ')}`);
  if (groups.length === 0) warnings.push('nothing to compare: base and head share no stage × tier');

  const all = groups.flatMap((g) => g.metrics);
  const counts = {
    better: all.filter((m) => m.verdict === 'better').length,
    worse: all.filter((m) => m.verdict === 'worse').length,
    unchanged: all.filter((m) => m.verdict === 'no significant change').length,
    gatingWorse: all.filter((m) => m.verdict === 'worse' && m.gates).length,
  };
  const singleWorse = all.filter((m) => m.mode === 'single-run' && m.verdict === 'worse' && !m.gates && !groups.some((g) => g.loadgenBound && g.metrics.includes(m)));
  if (singleWorse.length > 0) {
    warnings.push(
      `${singleWorse.length} single-run verdict${singleWorse.length === 1 ? '' : 's'} "worse" (${singleWorse.map((m) => m.label).join(', ')}): single-run verdicts do not gate the exit code; ` +
        `run ≥ ${minRepeats} repeats a side, or pass --gate-single-run to gate on them`,
    );
  }
  if (all.some((m) => m.mode === 'single-run')) {
    warnings.push(
      `fewer than ${minRepeats} runs a side for some metrics: a single run cannot establish significance; ` +
        `those verdicts ("single run") only say the change passed the threshold and the within-run noise — run ≥ ${minRepeats} repeats a side for a test`,
    );
  }
  const notes: string[] = [];
  const lowLevel = all.filter((m) => m.mode === 'repeated' && m.base.ciLevel !== undefined && Math.min(m.base.ciLevel, m.head.ciLevel ?? 1) < 0.95);
  if (lowLevel.length > 0) {
    const lvl = Math.min(...lowLevel.map((m) => Math.min(m.base.ciLevel!, m.head.ciLevel!)));
    notes.push(`with ${Math.min(...lowLevel.map((m) => Math.min(m.base.n, m.head.n)))} runs the median's ± is min..max (${(lvl * 100).toFixed(1)} % confidence); 6 or more runs a side reach 95 %`);
  }
  if (all.some((m) => m.mode === 'repeated')) notes.push('± is the distribution-free 95 % interval of the median (order statistics); p is the two-sided Mann–Whitney U test; Δ compares medians');
  return {
    threshold,
    alpha,
    minRepeats,
    base: summarizeSide(base),
    head: summarizeSide(head),
    groups,
    onlyInBase,
    onlyInHead,
    warnings,
    notes,
    counts,
    exitCode: counts.gatingWorse > 0 ? 1 : 0,
  };
}

/** Replaces each p-valued verdict by its Holm-adjusted one over the family (interval-tested metrics count in m). */
function withHolm(outcomes: MetricOutcome[], family: number, alpha: number, threshold: number): MetricOutcome[] {
  const tested = outcomes.flatMap((o, i) => (o.pValue !== undefined ? [i] : []));
  const adjusted = holmAdjust(tested.map((i) => outcomes[i].pValue!), Math.max(family, tested.length));
  const out = outcomes.map((o) => ({ ...o, family }));
  tested.forEach((i, k) => {
    const o = outcomes[i];
    const pa = adjusted[k];
    const significant = pa < alpha;
    const { verdict, pastThreshold } = decideVerdict(o.direction, significant, o.relDelta, threshold);
    const m = Math.max(family, tested.length);
    const test = o.mode === 'repeated' ? `Mann–Whitney U, n=${o.base.n}+${o.head.n}` : 'two-proportion z, within-run only';
    const evidence = `${o.mode === 'single-run' ? 'single run: ' : ''}p=${o.pValue!.toPrecision(2)}, Holm-adjusted over ${m} metrics ${pa.toPrecision(2)} ${significant ? '<' : '≥'} ${alpha} (${test})`;
    out[i] = { ...o, family, pAdjusted: pa, significant, verdict, pastThreshold, reason: describeVerdict(evidence, significant, o.relDelta, threshold, pastThreshold) };
  });
  return out;
}
