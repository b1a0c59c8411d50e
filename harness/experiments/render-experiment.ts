// Pure: an experiment's summary as text — what was compared, the arms table, the verdict with its statistics.
import { percent, sig } from '../render/format-units.ts';
import { textTable } from '../render/text-table.ts';
import type { ExperimentSummary } from './experiment-types.ts';

const OUTCOME_WORDS = { confirms: 'CONFIRMS', contradicts: 'CONTRADICTS', inconclusive: 'INCONCLUSIVE for' } as const;

/** A metric's cell, without its unit (the column says it): the one formatter's percent or three significant digits. */
export function formatMetricValue(v: number | null, unit: string): string {
  if (v === null || !Number.isFinite(v)) return '—';
  return unit === 'fraction' ? percent(v) : sig(v);
}

export function renderExperiment(s: ExperimentSummary, files: { summaryFile?: string } = {}): string {
  const lines: string[] = [];
  lines.push(`experiment ${s.name}: ${s.question}`);
  lines.push(`stage ${s.stage}, ${s.machines}; ${Object.entries(s.settings).map(([k, v]) => `${k} ${String(v)}`).join(', ')}`);
  for (const n of s.notes) lines.push(`note: ${n}`);
  lines.push('');
  const header = ['arm', 'what changes', ...s.metrics.map((m) => `${m.label}${m.better ? (m.better === 'lower' ? ' ↓' : ' ↑') : ''}`)];
  const rows = s.arms.map((a) => [
    a.name,
    a.label,
    ...s.metrics.map((m) => {
      const x = a.metrics[m.key];
      if (!x || x.values.length === 0) return '—';
      const med = formatMetricValue(x.median, m.unit);
      if (x.values.length === 1) return med;
      return `${med} [${formatMetricValue(Math.min(...x.values), m.unit)}–${formatMetricValue(Math.max(...x.values), m.unit)}]`;
    }),
  ]);
  lines.push(textTable(header, rows, { rightAlign: header.map((_, i) => i >= 2) }));
  if (s.arms.some((a) => Object.values(a.metrics).some((x) => x.values.length > 1))) lines.push('(median [min–max] over repeats)');
  lines.push('');
  lines.push(`verdict: ${OUTCOME_WORDS[s.verdict.outcome]} claim ${s.claimId}: ${s.verdict.summary}`);
  const stats = Object.entries(s.verdict.statistics);
  if (stats.length) lines.push(`statistics: ${stats.map(([k, v]) => `${k} ${v}`).join(', ')}`);
  if (s.aborted) lines.push(`stopped early: ${s.aborted}`);
  if (files.summaryFile) lines.push(`(summary: ${files.summaryFile}; arms: ${s.arms.flatMap((a) => a.files).join(' ')})`);
  return `${lines.join('\n')}\n`;
}
