// Two runs side by side: overlaid percentile spectra per common tier and a table of deltas per tier.
import type { RunResult, StepResult } from '../results/result-types.ts';
import { color, type ChartSpec } from './chart-spec.ts';
import { esc } from './html-escape.ts';
import { measuredSteps } from './run-label.ts';
import { SPECTRUM_X, spectrumOf } from './spectrum-points.ts';
import { duration, percent, rate } from '../render/format-units.ts';

function tierSteps(r: RunResult): Map<string, StepResult> {
  const m = new Map<string, StepResult>();
  for (const s of measuredSteps(r)) if (s.kind === 'tier') m.set(s.tier, s);
  return m;
}

export function commonTiers(a: RunResult, b: RunResult): string[] {
  const tb = tierSteps(b);
  return [...tierSteps(a).keys()].filter((t) => tb.has(t));
}

export function compareSpectrumCharts(idPrefix: string, a: RunResult, b: RunResult, labels: [string, string]): { tier: string; chart: ChartSpec }[] {
  const sa = tierSteps(a);
  const sb = tierSteps(b);
  return commonTiers(a, b).map((tier, i) => {
    const x = sa.get(tier)!;
    const y = sb.get(tier)!;
    return {
      tier,
      chart: {
        id: `${idPrefix}-${i}`,
        xLabel: 'percentile',
        yLabel: `latency at ${tier} (ms)`,
        xFormat: 'percentile',
        yFormat: 'ms',
        xLog: true,
        yLog: true,
        height: 240,
        data: [[...SPECTRUM_X], spectrumOf(x.histogram), spectrumOf(y.histogram)],
        series: [
          { label: `A: ${labels[0]}${x.loadgenBound ? ' (loadgen-bound)' : ''}`, color: color(0), dash: x.loadgenBound },
          { label: `B: ${labels[1]}${y.loadgenBound ? ' (loadgen-bound)' : ''}`, color: color(1), dash: y.loadgenBound },
        ],
      },
    };
  });
}

const METRICS: { label: string; get: (s: StepResult) => number; fmt: (v: number) => string; lowerIsBetter: boolean }[] = [
  { label: 'achieved rate', get: (s) => s.achievedRate, fmt: (v) => `${rate(v)} req/s`, lowerIsBetter: false },
  { label: 'p50', get: (s) => s.latencyUs.p50, fmt: duration, lowerIsBetter: true },
  { label: 'p90', get: (s) => s.latencyUs.p90, fmt: duration, lowerIsBetter: true },
  { label: 'p99', get: (s) => s.latencyUs.p99, fmt: duration, lowerIsBetter: true },
  { label: 'p99.9', get: (s) => s.latencyUs.p999, fmt: duration, lowerIsBetter: true },
  { label: 'max', get: (s) => s.latencyUs.max, fmt: duration, lowerIsBetter: true },
  { label: 'error rate', get: (s) => s.errorRate, fmt: percent, lowerIsBetter: true },
];

/** Raw per-tier deltas of the two runs (single runs: no significance test; `scaleladder compare` gives the verdicts). */
export function compareDeltaTable(a: RunResult, b: RunResult, labels: [string, string]): string {
  const sa = tierSteps(a);
  const sb = tierSteps(b);
  const rows: string[] = [];
  for (const tier of commonTiers(a, b)) {
    const x = sa.get(tier)!;
    const y = sb.get(tier)!;
    const flag = x.loadgenBound || y.loadgenBound ? ' <span class="badge warn">loadgen-bound</span>' : '';
    METRICS.forEach((m, i) => {
      const va = m.get(x);
      const vb = m.get(y);
      const rel = va !== 0 ? (vb - va) / Math.abs(va) : vb === 0 ? 0 : Infinity;
      const better = rel === 0 ? '' : (rel < 0) === m.lowerIsBetter ? 'better' : 'worse';
      const relText = Number.isFinite(rel) ? `${rel >= 0 ? '+' : ''}${(rel * 100).toFixed(1)} %` : 'n/a';
      rows.push(
        `<tr>${i === 0 ? `<td rowspan="${METRICS.length}">${esc(tier)}${flag}</td>` : ''}<td>${esc(m.label)}</td>` +
          `<td class="num">${esc(m.fmt(va))}</td><td class="num">${esc(m.fmt(vb))}</td><td class="num ${better}">${esc(relText)}</td></tr>`,
      );
    });
  }
  if (rows.length === 0) return '<p class="muted">The two runs share no tier.</p>';
  return (
    `<table class="data compare-deltas"><thead><tr><th>tier</th><th>metric</th><th>A: ${esc(labels[0])}</th><th>B: ${esc(labels[1])}</th><th>B vs A</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table>` +
    '<p class="muted">Single runs, no significance test: run <code>scaleladder compare</code> on repeated runs for verdicts.</p>'
  );
}
