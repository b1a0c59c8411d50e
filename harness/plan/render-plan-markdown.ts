// Pure: a capacity plan as Markdown for a review document — target, assumptions, then per stage every number next to what drives it.
import { int, sig } from '../render/format-units.ts';
import { stageRows, uslLine } from './plan-rows.ts';
import type { Plan } from './plan-types.ts';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderPlanMarkdown(plan: Plan): string {
  const t = plan.target;
  const out: string[] = [];
  out.push(`# Capacity plan: ${t.users !== null ? `${int(t.users)} users` : `${int(t.peakRate)} req/s`}`, '');
  out.push(`**Target:** ${int(t.peakRate)} req/s at peak (${int(t.peakReadRate)} reads/s, ${sig(t.peakWriteRate)} writes/s).`, '');
  out.push(`- ${t.derivation}`, `- SLO: p99 < ${plan.slo.p99Ms} ms, errors < ${plan.slo.errorRate * 100} %`, '');
  for (const w of plan.warnings) out.push(`> ⚠️ ${cell(w)}`, '');
  out.push('## Assumptions', '', '| assumption | value | source |', '| --- | ---: | --- |');
  for (const a of plan.assumptions) {
    out.push(`| ${cell(a.name)} | ${typeof a.value === 'number' ? sig(a.value) : a.value}${a.unit ? ` ${a.unit}` : ''} | ${a.source}${a.note ? `: ${cell(a.note)}` : ''} |`);
  }
  out.push('');
  for (const s of plan.stages) {
    out.push(`## Stage ${s.stage} — ${s.holds ? 'one box holds it' : 'needs more than one box'}`, '');
    out.push(`${s.summary} (${s.runs} run${s.runs === 1 ? '' : 's'}).`, '');
    out.push('| question | answer | how | rests on |', '| --- | ---: | --- | --- |');
    for (const r of stageRows(s)) out.push(`| ${cell(r.question)} | ${cell(r.answer)} | ${cell(r.how)} | ${cell(r.restsOn)} |`);
    out.push('');
    if (s.components.length > 0) {
      out.push('| component | marginal CPU-ms per client request (measured) | cores at target |', '| --- | ---: | ---: |');
      for (const c of s.components) out.push(`| ${cell(c.component)} | ${sig(c.cpuMsPerRequest)} | ${sig(c.coresAtTarget)} |`);
      out.push('', `<sub>cores = target × CPU-ms ÷ (1000 × usable utilization ${plan.settings.usableUtilizationPerCore}, assumed)</sub>`, '');
    }
    out.push('**Universal Scalability Law** X(N) = λN / (1 + σ(N−1) + κN(N−1)):', '');
    for (const u of s.usl) out.push(`- ${uslLine(u)}`);
    out.push('');
    for (const n of s.notes) out.push(`- note: ${n}`);
    if (s.notes.length > 0) out.push('');
  }
  return out.join('\n');
}
