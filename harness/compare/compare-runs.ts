// compareRuns: per stage × tier × step kind and per metric, base vs head with a verdict; exit code 1 on a significant regression past the threshold.
import type { RunResult } from '../results/result-types.ts';
import { compareRepeated, type MetricOutcome } from './compare-repeated.ts';
import { compareSingle } from './compare-single.ts';
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
  const gateOnSingleRun = opts.gateOnSingleRun ?? true;
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
    const metrics: MetricComparison[] = [];
    for (const [metric, mb] of gb.metrics) {
      const mh = gh.metrics.get(metric);
      if (!mh || mb.values.length === 0 || mh.values.length === 0) continue;
      const repeated = mb.values.length >= minRepeats && mh.values.length >= minRepeats;
      const outcome: MetricOutcome = repeated
        ? compareRepeated(mb.def, mb.values, mh.values, threshold, alpha)
        : compareSingle(mb, mh, threshold, alpha);
      const gates = !loadgenBound && (repeated || gateOnSingleRun);
      metrics.push({ ...outcome, gates });
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
