// Pure: the terminal rendering of a comparison (aligned table, warnings first, summary last).
import { textTable } from '../render/text-table.ts';
import type { Comparison } from './compare-types.ts';
import { formatDelta, formatEvidence, formatSide, formatVerdict, groupLabel, headerLines, summaryLine } from './format-cells.ts';

export function renderCompareTable(c: Comparison): string {
  const rows: string[][] = [];
  for (const g of c.groups) {
    g.metrics.forEach((m, i) => {
      rows.push([i === 0 ? groupLabel(g.key) : '', m.label, formatSide(m, 'base'), formatSide(m, 'head'), formatDelta(m), formatEvidence(m), formatVerdict(m)]);
    });
  }
  const out = [...headerLines(c), ''];
  for (const w of c.warnings) out.push(`warning: ${w}`);
  if (c.warnings.length > 0) out.push('');
  if (rows.length > 0) {
    out.push(
      textTable(['stage · tier', 'metric', 'base', 'head', 'Δ', 'evidence', 'verdict'], rows, {
        rightAlign: [false, false, true, true, true, false, false],
      }),
    );
    out.push('');
  }
  for (const n of c.notes) out.push(`note: ${n}`);
  out.push(summaryLine(c));
  return out.join('\n') + '\n';
}
