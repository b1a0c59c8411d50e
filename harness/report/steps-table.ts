// Per-run HTML tables: every measured step (rates, percentiles, SLO, what limited it) and every process's cost.
import type { RunResult } from '../results/result-types.ts';
import { esc } from './html-escape.ts';
import { bytes, duration, percent, rate, sig } from '../render/format-units.ts';
import { measuredSteps } from './run-label.ts';

export function stepsTable(r: RunResult): string {
  const rows = measuredSteps(r).map((s) => {
    const flags = [
      s.loadgenBound ? `<span class="badge warn" title="${esc(s.loadgenBoundReason ?? '')}">loadgen-bound</span>` : '',
      s.aborted ? '<span class="badge bad">aborted</span>' : '',
      s.model === 'closed' ? '<span class="badge">closed model</span>' : '',
    ].join(' ');
    const slo = s.slo.pass ? '<span class="badge good">pass</span>' : `<span class="badge bad" title="${esc(s.slo.reasons.join('; '))}">fail</span>`;
    const l = s.latencyUs;
    return (
      `<tr><td>${esc(s.tier)}</td><td>${esc(s.kind)}</td><td class="num">${s.targetRate === null ? '—' : `${rate(s.targetRate)} req/s`}</td>` +
      `<td class="num">${rate(s.achievedRate)} req/s</td><td class="num">${esc(duration(l.p50))}</td><td class="num">${esc(duration(l.p90))}</td>` +
      `<td class="num">${esc(duration(l.p99))}</td><td class="num">${esc(duration(l.p999))}</td><td class="num">${esc(duration(l.max))}</td>` +
      `<td class="num">${esc(percent(s.errorRate))}</td><td>${slo}</td><td>${esc(s.bottleneck ?? '')}</td><td>${flags}</td></tr>`
    );
  });
  if (rows.length === 0) return '<p class="muted">No measured steps.</p>';
  return (
    '<table class="data steps"><thead><tr><th>tier</th><th>kind</th><th>target</th><th>achieved</th><th>p50</th><th>p90</th><th>p99</th>' +
    '<th>p99.9</th><th>max</th><th>errors</th><th>SLO</th><th>what limited it</th><th>flags</th></tr></thead>' +
    `<tbody>${rows.join('')}</tbody></table>`
  );
}

export function processTable(r: RunResult): string {
  const rows: string[] = [];
  for (const s of measuredSteps(r)) {
    const procs = [...s.processes, ...(s.loadgen ? [{ ...s.loadgen, name: `${s.loadgen.name} (generator)` }] : [])];
    for (const p of procs) {
      rows.push(
        `<tr><td>${esc(s.tier)}${s.loadgenBound ? ' <span class="badge warn">loadgen-bound</span>' : ''}</td><td>${esc(p.name)}</td><td>${esc(p.role)}</td>` +
          `<td class="num">${esc(sig(p.cpuSeconds))}</td><td class="num">${esc(percent(p.utilization))}</td>` +
          `<td class="num">${esc(sig(p.cpuMsPerRequest))}</td><td class="num">${esc(bytes(p.rssPeakBytes))}</td><td>${esc(p.cpus ?? '')}</td></tr>`,
      );
    }
  }
  if (rows.length === 0) return '';
  return (
    '<details><summary>Processes per step</summary><table class="data procs"><thead><tr><th>step</th><th>process</th><th>role</th>' +
    '<th>CPU s</th><th>utilization (1 core = 100 %)</th><th>CPU-ms / request (this step\'s average, idle included)</th><th>peak RSS</th><th>CPUs</th></tr></thead>' +
    `<tbody>${rows.join('')}</tbody></table></details>`
  );
}
