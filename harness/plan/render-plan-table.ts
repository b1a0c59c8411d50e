// Pure: a capacity plan for the terminal — each answer on its own line, with how it was computed and what it rests on beneath it.
import { textTable } from '../render/text-table.ts';
import { int, sig } from '../render/format-units.ts';
import { formatAssumption, stageRows, uslLine } from './plan-rows.ts';
import type { Plan } from './plan-types.ts';

export function renderPlanTable(plan: Plan): string {
  const t = plan.target;
  const out: string[] = [];
  out.push(`capacity plan: ${t.users !== null ? `${int(t.users)} users → ` : ''}${int(t.peakRate)} req/s at peak (${int(t.peakReadRate)} reads/s, ${sig(t.peakWriteRate)} writes/s)`);
  out.push(`  ${t.derivation}`, `  SLO: p99 < ${plan.slo.p99Ms} ms, errors < ${plan.slo.errorRate * 100} %`);
  for (const w of plan.warnings) out.push(`warning: ${w}`);
  out.push('', 'assumptions:');
  for (const a of plan.assumptions) out.push(`  ${formatAssumption(a)}`);
  for (const s of plan.stages) {
    out.push('', `stage ${s.stage}: ${s.summary}`);
    const rows = stageRows(s);
    const width = Math.max(...rows.map((r) => r.question.length));
    for (const r of rows) {
      out.push(`  ${r.question.padEnd(width)}  ${r.answer}`);
      out.push(`  ${' '.repeat(width)}    how: ${r.how}`);
      if (r.restsOn !== '—') out.push(`  ${' '.repeat(width)}    rests on: ${r.restsOn}`);
    }
    if (s.components.length > 0) {
      out.push('');
      const table = textTable(['component', 'marginal CPU-ms/req', 'cores at target'], s.components.map((c) => [c.component, sig(c.cpuMsPerRequest), sig(c.coresAtTarget)]));
      out.push(...table.split('\n').map((l) => `  ${l}`));
    }
    for (const u of s.usl) out.push(`  USL ${uslLine(u)}`);
    for (const n of s.notes) out.push(`  note: ${n}`);
  }
  return out.join('\n') + '\n';
}
