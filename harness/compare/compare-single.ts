// Fewer than 5 runs a side: no significance test is possible, so latency compares merged histograms against their sampling noise, error rates use a two-proportion test, the rest only the threshold — all labelled "single run".
import { decodeHistogram, mergeHistograms } from '../measure/histogram.ts';
import { median } from '../stats/median-ci.ts';
import { twoProportionTest } from '../stats/two-proportions.ts';
import { normalQuantile, twoSidedNormalP } from '../stats/normal.ts';
import type { SideStat, TestName } from './compare-types.ts';
import type { MetricOutcome } from './compare-repeated.ts';
import { decideVerdict, describeVerdict } from './decide-verdict.ts';
import type { MetricSamples } from './extract-samples.ts';
import { HDR_RELATIVE_PRECISION, percentileCi } from './histogram-percentile-ci.ts';
import { relativeDelta } from './metric-defs.ts';

interface Assessed {
  base: SideStat;
  head: SideStat;
  significant: boolean;
  test: TestName;
  pValue?: number;
  evidence: string;
}

function latency(b: MetricSamples, h: MetricSamples, percentile: number, z: number): Assessed | null {
  if (b.histograms.length === 0 || h.histograms.length === 0) return null;
  let hb, hh;
  try {
    hb = mergeHistograms(b.histograms.map(decodeHistogram));
    hh = mergeHistograms(h.histograms.map(decodeHistogram));
  } catch {
    return null;
  }
  if (hb.totalCount === 0 || hh.totalCount === 0) return null;
  const cb = percentileCi(hb, percentile, z);
  const ch = percentileCi(hh, percentile, z);
  const disjoint = ch.lo > cb.hi || ch.hi < cb.lo;
  const resolvable = Math.abs(ch.value - cb.value) > 2 * HDR_RELATIVE_PRECISION * Math.max(cb.value, ch.value);
  const significant = disjoint && resolvable;
  const evidence = significant
    ? `single run: ${level(z)} order-statistic ranges of the merged histograms do not overlap (within-run noise only)`
    : `single run: within the histograms' sampling noise${resolvable ? '' : ' and HDR precision'}`;
  return {
    base: { n: b.values.length, center: cb.value, lo: cb.lo, hi: cb.hi, ciLevel: ciLevel(z), samples: [...b.values] },
    head: { n: h.values.length, center: ch.value, lo: ch.lo, hi: ch.hi, ciLevel: ciLevel(z), samples: [...h.values] },
    significant,
    test: 'histogram-percentile-ci',
    evidence,
  };
}

function errorRate(b: MetricSamples, h: MetricSamples, alpha: number): Assessed | null {
  const sum = (s: MetricSamples) => s.errorCounts.reduce((a, c) => ({ errors: a.errors + c.errors, n: a.n + c.n }), { errors: 0, n: 0 });
  const eb = sum(b);
  const eh = sum(h);
  if (eb.n === 0 || eh.n === 0) return null;
  const t = twoProportionTest(eb.errors, eb.n, eh.errors, eh.n);
  return {
    base: { n: b.values.length, center: eb.errors / eb.n, samples: [...b.values] },
    head: { n: h.values.length, center: eh.errors / eh.n, samples: [...h.values] },
    significant: t.p < alpha,
    test: 'two-proportion-z',
    pValue: t.p,
    evidence: `single run: p=${t.p.toPrecision(2)} ${t.p < alpha ? '<' : '≥'} ${alpha} (two-proportion z, within-run only)`,
  };
}

function thresholdOnly(b: MetricSamples, h: MetricSamples, threshold: number): Assessed {
  const base: SideStat = { n: b.values.length, center: median(b.values), samples: [...b.values] };
  const head: SideStat = { n: h.values.length, center: median(h.values), samples: [...h.values] };
  const rel = relativeDelta(b.def, base.center, head.center);
  const past = Math.abs(rel) >= threshold && rel !== 0;
  return { base, head, significant: past, test: 'threshold-only', evidence: 'single run: no noise estimate, judged by the threshold alone' };
}

/** Two-sided level of a ±z interval. */
const ciLevel = (z: number): number => 1 - twoSidedNormalP(z);
const level = (z: number): string => `${+(ciLevel(z) * 100).toFixed(2)} %`;

/** Whether a metric is tested when single-run (a histogram interval or a two-proportion test); the rest are threshold-only. */
export function singleRunTested(b: MetricSamples): boolean {
  return (b.def.kind === 'latency' && b.histograms.length > 0) || b.def.kind === 'errorRate';
}

/** `family`: tested metrics of the comparison; percentile intervals widen to the Bonferroni level 1 − α/family. */
export function compareSingle(b: MetricSamples, h: MetricSamples, threshold: number, alpha: number, family = 1): MetricOutcome {
  const def = b.def;
  const z = normalQuantile(1 - alpha / (2 * Math.max(1, family)));
  const assessed =
    (def.kind === 'latency' ? latency(b, h, def.percentile ?? 50, z) : def.kind === 'errorRate' ? errorRate(b, h, alpha) : null) ??
    thresholdOnly(b, h, threshold);
  const relDelta = relativeDelta(def, assessed.base.center, assessed.head.center);
  const { verdict, pastThreshold } = decideVerdict(def.direction, assessed.significant, relDelta, threshold);
  const runs = Math.min(b.values.length, h.values.length) === 1 ? '' : ` (${b.values.length} vs ${h.values.length} runs, < 5 a side)`;
  return {
    metric: def.metric,
    label: def.label,
    unit: def.unit,
    direction: def.direction,
    mode: 'single-run',
    base: assessed.base,
    head: assessed.head,
    relDelta,
    absDelta: assessed.head.center - assessed.base.center,
    test: assessed.test,
    pValue: assessed.pValue,
    significant: assessed.significant,
    pastThreshold,
    verdict,
    reason: describeVerdict(assessed.evidence + runs, assessed.significant, relDelta, threshold, pastThreshold),
  };
}
