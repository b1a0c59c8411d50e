// Repeated runs (≥ 5 a side), benchstat-style: medians with order-statistic 95 % CIs and a two-sided Mann–Whitney U test.
import { mannWhitneyU } from '../stats/mann-whitney.ts';
import { medianCi } from '../stats/median-ci.ts';
import type { MetricComparison, SideStat } from './compare-types.ts';
import { decideVerdict, describeVerdict } from './decide-verdict.ts';
import { relativeDelta, type MetricDef } from './metric-defs.ts';

export type MetricOutcome = Omit<MetricComparison, 'gates'>;

function side(values: number[]): SideStat {
  const ci = medianCi(values, 0.95);
  return { n: values.length, center: ci.median, lo: ci.lo, hi: ci.hi, ciLevel: ci.level, samples: [...values] };
}

export function compareRepeated(def: MetricDef, base: number[], head: number[], threshold: number, alpha: number): MetricOutcome {
  const b = side(base);
  const h = side(head);
  const mw = mannWhitneyU(base, head);
  const significant = mw.p < alpha;
  const relDelta = relativeDelta(def, b.center, h.center);
  const { verdict, pastThreshold } = decideVerdict(def.direction, significant, relDelta, threshold);
  const evidence = `p=${mw.p.toPrecision(2)} ${significant ? '<' : '≥'} ${alpha} (Mann–Whitney U, n=${b.n}+${h.n})`;
  return {
    metric: def.metric,
    label: def.label,
    unit: def.unit,
    direction: def.direction,
    mode: 'repeated',
    base: b,
    head: h,
    relDelta,
    absDelta: h.center - b.center,
    test: mw.method === 'exact' ? 'mann-whitney-exact' : 'mann-whitney-normal',
    pValue: mw.p,
    significant,
    pastThreshold,
    verdict,
    reason: describeVerdict(evidence, significant, relDelta, threshold, pastThreshold),
  };
}
