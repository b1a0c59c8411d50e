// Pure: a comparison as GitHub-flavoured Markdown for a PR comment (summary first, regressions called out, full table).
import type { Comparison, MetricComparison } from './compare-types.ts';
import { formatDelta, formatEvidence, formatSide, formatVerdict, groupLabel, headerLines, summaryLine } from './format-cells.ts';

/** Escapes what would break a table cell. */
function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function icon(m: MetricComparison): string {
  if (m.verdict === 'worse') return m.gates ? '🔴' : '🟠';
  if (m.verdict === 'better') return '🟢';
  return '⚪';
}

export function renderCompareMarkdown(c: Comparison): string {
  const out: string[] = [];
  out.push(`### scaleladder compare — ${c.exitCode === 1 ? '🔴 regression' : '✅ no regression'}`, '');
  out.push(summaryLine(c), '');
  for (const l of headerLines(c)) out.push(`- ${l}`);
  out.push('');
  if (c.warnings.length > 0) {
    for (const w of c.warnings) out.push(`> ⚠️ ${cell(w)}`, '>');
    out.pop();
    out.push('');
  }
  const worse = c.groups.flatMap((g) => g.metrics.filter((m) => m.verdict === 'worse').map((m) => ({ g, m })));
  if (worse.length > 0) {
    out.push('**Worse:**', '');
    for (const { g, m } of worse) out.push(`- ${groupLabel(g.key)} · ${m.label}: ${formatSide(m, 'base')} → ${formatSide(m, 'head')} (${m.reason})`);
    out.push('');
  }
  out.push('| stage · tier | metric | base | head | Δ | evidence | verdict |', '| --- | --- | ---: | ---: | ---: | --- | --- |');
  for (const g of c.groups) {
    for (const m of g.metrics) {
      out.push(
        `| ${[groupLabel(g.key), m.label, formatSide(m, 'base'), formatSide(m, 'head'), formatDelta(m), formatEvidence(m), `${icon(m)} ${formatVerdict(m)}`].map(cell).join(' | ')} |`,
      );
    }
  }
  out.push('');
  for (const n of c.notes) out.push(`<sub>${cell(n)}</sub>`, '');
  if (c.groups.some((g) => g.metrics.some((m) => m.mode === 'single-run'))) {
    out.push(
      `<sub>"single run": fewer than ${c.minRepeats} runs a side, so no significance test is possible; latency verdicts compare the merged HDR histograms' percentiles against their within-run sampling noise, other metrics only the threshold.</sub>`,
      '',
    );
  }
  return out.join('\n');
}
