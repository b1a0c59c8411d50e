// The `scaleladder plan` result as HTML: per-stage numbers and the assumptions they rest on (generic rendering otherwise).
import type { Plan, PlanNumber, StagePlan } from '../plan/plan-types.ts';
import { bytes } from '../render/format-units.ts';
import { genericHtml } from './generic-html.ts';
import { esc } from './html-escape.ts';

const COLUMNS: [keyof Pick<StagePlan, 'capacity' | 'appProcesses' | 'redisMemory' | 'cdnHitRatio' | 'shards'>, string][] = [
  ['capacity', 'capacity'],
  ['appProcesses', 'app processes'],
  ['redisMemory', 'Redis memory'],
  ['cdnHitRatio', 'CDN hit ratio'],
  ['shards', 'shards'],
];

function cell(n: PlanNumber | undefined): string {
  if (!n || typeof n !== 'object') return '—';
  const title = [n.formula, n.note].filter(Boolean).join(' — ');
  let v: string;
  if (typeof n.value !== 'number') v = '—';
  else if (n.unit === 'bytes') v = bytes(n.value);
  else if (n.unit === 'ratio' || n.unit === 'fraction') v = `${(n.value * 100).toFixed(1)} %`;
  else v = `${n.value.toLocaleString('en-US', { maximumFractionDigits: 3 })}${n.unit ? ` ${n.unit}` : ''}`;
  return `<span title="${esc(title)}">${esc(v)}</span>${n.note ? `<br><span class="muted small">${esc(n.note)}</span>` : ''}`;
}

/** A JSON file read back: the usual `plan --json` shape (per-stage numbers), or anything else. */
function isPlan(x: unknown): x is Plan {
  const p = x as Partial<Plan> | null;
  return !!p && typeof p === 'object' && Array.isArray(p.stages);
}

export function planSection(plan: unknown): string {
  if (!isPlan(plan)) return genericHtml(plan, esc);
  const p = plan;
  const rows = p.stages
    .map(
      (s) =>
        `<tr><td>stage ${esc(s.stage)}</td><td>${s.holds ? '<span class="badge good">one box holds it</span>' : '<span class="badge warn">needs more</span>'}</td>` +
        COLUMNS.map(([k]) => `<td>${cell(s[k])}</td>`).join('') +
        `<td class="small">${esc(s.summary)}</td></tr>`,
    )
    .join('');
  const target = p.target?.derivation ? `<p>Target: ${esc(p.target.derivation)}</p>` : '';
  const warnings = Array.isArray(p.warnings) && p.warnings.length > 0 ? `<ul class="warnings">${p.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>` : '';
  const assumptions = Array.isArray(p.assumptions) ? `<details><summary>Assumptions</summary>${genericHtml(p.assumptions, esc)}</details>` : '';
  return (
    `${target}${warnings}<table class="data plan"><thead><tr><th>stage</th><th>verdict</th>${COLUMNS.map(([, h]) => `<th>${esc(h)}</th>`).join('')}<th>summary</th></tr></thead>` +
    `<tbody>${rows}</tbody></table>${assumptions}`
  );
}
