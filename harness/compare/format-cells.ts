// Pure cell formatting shared by the compare renderers: ± from the CI, deltas, p-values, verdicts (values: render/format-units).
import type { Comparison, EnvSummary, MetricComparison, SideStat } from './compare-types.ts';
import { formatRel } from './decide-verdict.ts';
import { formatValue } from '../render/format-units.ts';

/** Half-width of the CI relative to the center, benchstat's "± x %". */
export function ciPercent(s: SideStat): string {
  if (s.lo === undefined || s.hi === undefined || s.center === 0) return '';
  const half = Math.max(Math.abs(s.hi - s.center), Math.abs(s.center - s.lo)) / Math.abs(s.center);
  return `±${half * 100 < 1 ? (half * 100).toFixed(1) : Math.round(half * 100)} %`;
}

export function formatSide(m: MetricComparison, which: 'base' | 'head'): string {
  const s = m[which];
  const v = formatValue(s.center, m.unit);
  return m.mode === 'repeated' ? `${v} ${ciPercent(s)}`.trim() : v;
}

export function formatDelta(m: MetricComparison): string {
  if (m.unit === 'ratio') {
    const pp = m.absDelta * 100;
    return `${pp > 0 ? '+' : pp < 0 ? '−' : '±'}${Math.abs(pp).toFixed(3)} pp`;
  }
  return formatRel(m.relDelta);
}

export function formatEvidence(m: MetricComparison): string {
  if (m.mode === 'repeated') return `p=${(m.pValue ?? 1).toPrecision(2)}${holm(m)} n=${m.base.n}+${m.head.n}`;
  if (m.test === 'two-proportion-z') return `p=${(m.pValue ?? 1).toPrecision(2)}${holm(m)} single run`;
  return 'single run';
}

export function formatVerdict(m: MetricComparison): string {
  let v = m.verdict === 'no significant change' ? '~ no significant change' : m.verdict;
  if (m.verdict !== 'no significant change' && m.mode === 'single-run') v += ' (single run)';
  if (m.verdict === 'worse' && !m.gates) v += ' (not gating)';
  return v;
}

export function groupLabel(key: string): string {
  return key.replace(/^stage(\d+)\//, 'stage $1 · ').replace(/\//g, ' · ');
}

function sideLine(name: string, s: EnvSummary): string {
  const commits = s.commits.map((c) => (c ? c.slice(0, 10) : 'no commit')).join(', ');
  return `${name}: ${s.runs} run${s.runs === 1 ? '' : 's'}, stage ${s.stages.join(', ') || '-'}, ${commits}`;
}

export function headerLines(c: Comparison): string[] {
  return [sideLine('base', c.base), sideLine('head', c.head), `threshold ±${+(c.threshold * 100).toFixed(2)} %, α = ${c.alpha} with Holm's correction over the metrics of each stage · tier, Mann–Whitney U with ≥ ${c.minRepeats} runs a side`];
}

export function summaryLine(c: Comparison): string {
  const { better, worse, unchanged, gatingWorse } = c.counts;
  const verdict = c.exitCode === 1 ? `REGRESSION: ${gatingWorse} metric${gatingWorse === 1 ? '' : 's'} significantly worse past the threshold (exit 1)` : 'no regression past the threshold (exit 0)';
  return `${worse} worse, ${better} better, ${unchanged} no significant change — ${verdict}`;
}

/** " (Holm 0.015)" when the p-value was adjusted over more than one metric. */
function holm(m: MetricComparison): string {
  return m.pAdjusted !== undefined && (m.family ?? 1) > 1 ? ` (Holm ${m.pAdjusted.toPrecision(2)})` : '';
}
