// Per-run HTML table of the marginal cost per client request (slope over unsaturated steps) and the idle baseline, per role and machine.
import { runMarginalCosts, type MarginalCost } from '../analysis/marginal-cost.ts';
import type { RunResult } from '../results/result-types.ts';
import { esc } from './html-escape.ts';
import { sig } from '../render/format-units.ts';

const row = (c: MarginalCost, kind: string) =>
  `<tr><td>${esc(kind)}</td><td>${esc(c.component)}</td><td class="num">${esc(sig(c.cpuMsPerRequest))}${c.method === 'ratio' ? '*' : ''}</td>` +
  `<td class="num">${c.idleCores === null ? '—' : esc(sig(c.idleCores))}</td><td class="small">${esc(c.basis)}</td></tr>`;

export function marginalCostTable(r: RunResult): string {
  const { byRole, byProcess } = runMarginalCosts(r);
  if (byRole.length === 0) return '';
  const rows = [...byRole.map((c) => row(c, 'role')), ...(byProcess.length > byRole.length ? byProcess.map((c) => row(c, 'machine')) : [])];
  return (
    '<h3>Cost per request (marginal)</h3><p class="muted small">Slope of CPU against throughput over the unsaturated steps: what one more request costs. ' +
    'The idle baseline (intercept, in cores) is apart; * = one step\'s average (fewer than 2 unsaturated rates), idle included.</p>' +
    '<table class="data costs"><thead><tr><th></th><th>component</th><th>CPU-ms / client request</th><th>idle (cores)</th><th>basis</th></tr></thead>' +
    `<tbody>${rows.join('')}</tbody></table>`
  );
}
