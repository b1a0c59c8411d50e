// The report's "experiments" section: per experiment (its latest summary) the question, the verdict, the arms table and
// one chart — the per-second series of each arm when the experiment records one, else its headline metric as bars.
import type { ExperimentSummary } from '../experiments/experiment-types.ts';
import { formatMetricValue } from '../experiments/render-experiment.ts';
import { color, type ChartSpec } from './chart-spec.ts';
import { esc } from './html-escape.ts';

const OUTCOME_CLASS = { confirms: 'good', contradicts: 'bad', inconclusive: 'warn' } as const;

export function experimentChart(id: string, s: ExperimentSummary): ChartSpec | null {
  const head = s.metrics[0];
  const withSeries = s.arms.filter((a) => a.series && a.series.length > 0);
  if (s.seriesLabel && withSeries.length > 0) {
    const n = Math.max(...withSeries.map((a) => a.series!.length));
    return {
      id,
      xLabel: 'interval of the step (first run of each arm)',
      yLabel: s.seriesLabel,
      xFormat: 'number',
      yFormat: 'number',
      data: [Array.from({ length: n }, (_, i) => i), ...withSeries.map((a) => Array.from({ length: n }, (_, i) => a.series![i] ?? null))],
      series: withSeries.map((a, i) => ({ label: a.name, color: color(i) })),
    };
  }
  const values = s.arms.map((a) => a.metrics[head.key]?.median ?? null);
  if (values.every((v) => v === null)) return null;
  return {
    id,
    xLabel: 'arm',
    yLabel: `${head.label} (median over runs)`,
    xFormat: 'labels',
    yFormat: 'number',
    xLabels: s.arms.map((a) => a.name),
    data: [s.arms.map((_, i) => i), values],
    series: [{ label: head.label, color: color(0), bars: true }],
  };
}

/** HTML of the section; pushes each chart it draws into `charts`, with `card` building the chart's box. */
export function experimentsSection(summaries: ExperimentSummary[], card: (title: string, chart: ChartSpec | null) => string): string {
  if (summaries.length === 0) return '<p class="muted">No experiment has run yet: scaleladder experiment --list.</p>';
  return summaries
    .map((s, i) => {
      const header = `<tr><th>arm</th><th>what changes</th>${s.metrics.map((m) => `<th>${esc(m.label)}</th>`).join('')}</tr>`;
      const rows = s.arms
        .map(
          (a) =>
            `<tr><td><b>${esc(a.name)}</b></td><td>${esc(a.label)}</td>${s.metrics
              .map((m) => `<td class="num">${esc(formatMetricValue(a.metrics[m.key]?.median ?? null, m.unit))}</td>`)
              .join('')}</tr>`,
        )
        .join('');
      const chart = card(`${s.name}: ${s.seriesLabel ?? s.metrics[0].label}`, experimentChart(`experiment-${i}`, s));
      return (
        `<div class="experiment" data-experiment="${esc(s.name)}"><h3>${esc(s.name)} <span class="badge ${OUTCOME_CLASS[s.verdict.outcome]}">${esc(s.verdict.outcome)} ${esc(s.claimId)}</span></h3>` +
        `<p>${esc(s.question)}</p><p class="small muted">stage ${esc(s.stage)}, ${esc(s.machines)}; run ${esc(s.runId)}, commit ${esc(s.commit ?? 'none')}${s.dirty ? ' (dirty)' : ''}. ${s.notes.map(esc).join(' ')}</p>` +
        `<p><b>verdict:</b> ${esc(s.verdict.summary)}</p>` +
        `<table class="small">${header}${rows}</table>` +
        `<div class="grid">${chart}</div></div>`
      );
    })
    .join('\n');
}
