// Pure: the validate report as a terminal table per seed table, then one "why" line per claim with the numbers.
import { textTable } from '../render/text-table.ts';
import { VERDICTS, type ClaimResult, type ValidateReport } from './claim-types.ts';
import { formatValue } from '../render/format-units.ts';

const cell = (s: string, max = 28): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

function valueCell(v: { value: number | null; unit: string } | null, fallback = '—'): string {
  if (!v) return fallback;
  return v.value === null ? fallback : formatValue(v.value, v.unit);
}

function rowOf(c: ClaimResult): string[] {
  return [
    c.id,
    cell(c.stated.value === null ? c.stated.text : formatValue(c.stated.value, c.stated.unit)),
    cell(valueCell(c.recomputed)),
    cell(valueCell(c.measured, c.verdict === 'not measured yet' ? 'not measured yet' : '—')),
    c.verdict,
  ];
}

export function renderValidateTable(report: ValidateReport): string {
  const out: string[] = [];
  const counts = VERDICTS.filter((v) => report.counts[v] > 0).map((v) => `${report.counts[v]} ${v}`);
  out.push(`scaleladder validate: ${report.claims.length} claims from ${report.claimsFile}`);
  out.push(`  ${counts.join(' · ')}`);
  out.push(report.measured ? `  measured on this machine (${String(report.measurementEnv.elapsed ?? '')})` : '  arithmetic only (measurements skipped)');
  const tables = [...new Set(report.claims.map((c) => c.table))];
  for (const t of tables) {
    const claims = report.claims.filter((c) => c.table === t);
    out.push('', t);
    out.push(textTable(['claim', 'stated', 'recomputed', 'measured', 'verdict'], claims.map(rowOf), { rightAlign: [false, true, true, true, false] }));
  }
  out.push('', 'Why');
  for (const c of report.claims) {
    out.push(`  ${c.id} [${c.verdict}]: ${c.reason}`);
    if (c.recomputed) out.push(`      recomputed: ${c.recomputed.text}`);
    const parts = (c.measured?.details as { parts?: { part: string; stated: string; measured: string; verdict: string }[] } | undefined)?.parts;
    if (parts) {
      for (const p of parts) out.push(`      ${`${p.part}:`.padEnd(11)} stated ${p.stated} | measured ${p.measured} | ${p.verdict}`);
    } else if (c.measured) out.push(`      measured:   ${c.measured.text}`);
    if (c.note && c.verdict !== 'not measurable here') out.push(`      note:       ${c.note}`);
  }
  if (report.caveats.length > 0) {
    out.push('', 'Caveats');
    for (const c of report.caveats) out.push(`  - ${c}`);
  }
  return out.join('\n') + '\n';
}
