// The validate report as an HTML table: stated vs recomputed vs measured, the verdict and why, grouped by seed table.
import type { ClaimResult, ValidateReport, Verdict } from '../validate/claim-types.ts';
import { formatValue } from '../render/format-units.ts';
import { esc } from './html-escape.ts';

const VERDICT_CLASS: Record<Verdict, string> = {
  holds: 'good',
  'arithmetic does not hold': 'bad',
  'contradicted by measurement': 'bad',
  'not measurable here': '',
  'not measured yet': 'warn',
};

const val = (v: { value: number | null; unit: string; text: string } | null): string =>
  v === null ? '—' : `<span class="num-strong">${esc(v.value === null ? '' : formatValue(v.value, v.unit))}</span><br><span class="muted small">${esc(v.text)}</span>`;

function row(c: ClaimResult): string {
  const stated = c.stated.value === null ? esc(c.stated.text) : `<span class="num-strong">${esc(formatValue(c.stated.value, c.stated.unit))}</span><br><span class="muted small">${esc(c.stated.text)}</span>`;
  return (
    `<tr><td><b>${esc(c.row)}</b><br><span class="muted small">${esc(c.text)}</span></td><td>${stated}</td><td>${val(c.recomputed)}</td><td>${val(c.measured)}</td>` +
    `<td><span class="badge ${VERDICT_CLASS[c.verdict]}">${esc(c.verdict)}</span><br><span class="small">${esc(c.reason)}</span></td></tr>`
  );
}

export function validateSection(report: ValidateReport): string {
  const tables = [...new Set(report.claims.map((c) => c.table))];
  const counts = Object.entries(report.counts)
    .filter(([, n]) => n > 0)
    .map(([v, n]) => `<span class="badge ${VERDICT_CLASS[v as Verdict]}">${n} ${esc(v)}</span>`)
    .join(' ');
  const body = tables
    .map((t) => {
      const rows = report.claims.filter((c) => c.table === t).map(row).join('');
      return `<h3>${esc(t)}</h3><table class="data validate"><thead><tr><th>claim</th><th>stated</th><th>recomputed</th><th>measured</th><th>verdict</th></tr></thead><tbody>${rows}</tbody></table>`;
    })
    .join('');
  const caveats = report.caveats.length > 0 ? `<ul class="small">${report.caveats.map((c) => `<li>${esc(c)}</li>`).join('')}</ul>` : '';
  const how = report.measured ? `measured on this machine (${esc(String(report.measurementEnv.elapsed ?? ''))})` : 'arithmetic only (not measured)';
  return `<p>${counts} <span class="muted">— ${esc(report.claimsFile)}, ${how}</span></p>${body}${caveats}`;
}
