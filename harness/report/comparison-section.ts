// The `scaleladder compare` result as an HTML table when it has its usual shape (groups × metrics), else rendered generically.
import type { Comparison } from '../compare/compare-types.ts';
import { genericHtml } from './generic-html.ts';
import { esc } from './html-escape.ts';

const num = (v: unknown): string => (typeof v === 'number' && Number.isFinite(v) ? v.toLocaleString('en-US', { maximumFractionDigits: 3 }) : '—');
const CLASS: Record<string, string> = { better: 'good', worse: 'bad' };

/** A JSON file read back: the usual `compare --json` shape (groups of metrics), or anything else. */
function isComparison(x: unknown): x is Comparison {
  const c = x as Partial<Comparison> | null;
  return !!c && typeof c === 'object' && Array.isArray(c.groups) && c.groups.every((g) => g && Array.isArray(g.metrics));
}

export function comparisonSection(comparison: unknown): string {
  if (!isComparison(comparison)) return genericHtml(comparison, esc);
  const c = comparison;
  const rows: string[] = [];
  for (const g of c.groups) {
    const metrics = g.metrics;
    metrics.forEach((m, i) => {
      const rel = typeof m.relDelta === 'number' && Number.isFinite(m.relDelta) ? `${m.relDelta >= 0 ? '+' : ''}${(m.relDelta * 100).toFixed(1)} %` : '—';
      rows.push(
        `<tr>${i === 0 ? `<td rowspan="${metrics.length}">${esc(g.key)}${g.loadgenBound ? ' <span class="badge warn">loadgen-bound</span>' : ''}</td>` : ''}` +
          `<td>${esc(m.label ?? m.metric)}${m.unit ? ` <span class="muted">(${esc(m.unit)})</span>` : ''}</td><td class="num">${esc(num(m.base?.center))}</td>` +
          `<td class="num">${esc(num(m.head?.center))}</td><td class="num">${esc(rel)}</td>` +
          `<td><span class="badge ${CLASS[m.verdict] ?? ''}">${esc(m.verdict)}</span>${m.mode === 'single-run' ? ' <span class="muted small">single run</span>' : ''}</td>` +
          `<td class="small">${esc(m.reason)}</td></tr>`,
      );
    });
  }
  const warnings = Array.isArray(c.warnings) && c.warnings.length > 0 ? `<ul class="warnings">${c.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>` : '';
  const counts = c.counts ? `<p>${Object.entries(c.counts).map(([k, v]) => `${esc(k)}: <b>${esc(v)}</b>`).join(' · ')}${c.exitCode === 1 ? ' <span class="badge bad">regression (exit 1)</span>' : ''}</p>` : '';
  return (
    `${counts}${warnings}<table class="data comparison"><thead><tr><th>group</th><th>metric</th><th>base</th><th>head</th><th>Δ</th><th>verdict</th><th>why</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table>`
  );
}
