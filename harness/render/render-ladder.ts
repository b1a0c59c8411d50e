// Pure: the "what each fix buys" table over one result per stage: knee, p99 per tier, DB reads, hit ratios, cost, change vs the stage before.
import type { RunResult, StepResult } from '../results/result-types.ts';
import { ms, percent, rate } from './format-units.ts';
import { textTable } from './text-table.ts';

function tierSteps(r: RunResult): StepResult[] {
  return r.steps.filter((s) => s.kind === 'tier');
}

/** CPU-ms per request summed over the processes of one role, averaged over the tier steps. */
function costByRole(r: RunResult): Record<string, number> {
  const steps = tierSteps(r).filter((s) => s.requests.completed > 0);
  const sums: Record<string, number> = {};
  for (const s of steps) for (const p of s.processes) sums[p.role] = (sums[p.role] ?? 0) + p.cpuMsPerRequest / steps.length;
  return sums;
}

function meanFigure(r: RunResult, key: string): number | undefined {
  const vals = tierSteps(r)
    .map((s) => s.figures[key])
    .filter((v): v is number => typeof v === 'number');
  return vals.length ? vals.reduce((a, b) => a + b, 0) / vals.length : undefined;
}

function change(prev: number | undefined, cur: number | undefined, higherIsBetter: boolean): string {
  if (prev === undefined || cur === undefined || prev === 0) return '';
  const d = (cur - prev) / prev;
  const better = higherIsBetter ? d > 0 : d < 0;
  return ` (${d >= 0 ? '+' : ''}${(d * 100).toFixed(0)}%${Math.abs(d) >= 0.05 ? (better ? ' better' : ' worse') : ''})`;
}

export function renderLadder(results: RunResult[]): string {
  const byStage = [...results].sort((a, b) => a.stage - b.stage);
  const tiers = [...new Set(byStage.flatMap((r) => tierSteps(r).map((s) => s.tier)))];
  const header = ['stage', 'knee req/s', ...tiers.map((t) => `p99 ${t} ms`), 'DB reads/request', 'hit ratios', 'CPU-ms/req by role'];
  const rows: string[][] = [];
  let prev: RunResult | undefined;
  for (const r of byStage) {
    const knee = r.knee?.rate;
    const row = [
      String(r.stage) + (r.aborted ? ' (aborted)' : ''),
      knee === undefined ? '-' : rate(knee) + change(prev?.knee?.rate, knee, true),
    ];
    for (const t of tiers) {
      const s = tierSteps(r).find((x) => x.tier === t);
      const p = prev ? tierSteps(prev).find((x) => x.tier === t) : undefined;
      row.push(!s ? '-' : `${ms(s.latencyUs.p99)}${s.slo.pass ? '' : '!'}${s.loadgenBound ? 'G' : ''}${change(p?.latencyUs.p99, s.latencyUs.p99, false)}`);
    }
    // Per client request (older results: per redirect at the app), so stages with layers in front compare fairly.
    const dbKey = (x: RunResult) => (meanFigure(x, 'dbReadsPerRequest') !== undefined ? 'dbReadsPerRequest' : 'dbReadsPerRedirect');
    const db = meanFigure(r, dbKey(r));
    row.push(db === undefined ? '-' : db.toFixed(3) + change(prev ? meanFigure(prev, dbKey(prev)) : undefined, db, false));
    const hits = [
      ['cdn', meanFigure(r, 'cdnHitRatio')],
      ['local', meanFigure(r, 'localHitRatio')],
      ['redis', meanFigure(r, 'cacheHitRatio')],
    ].filter((x): x is [string, number] => x[1] !== undefined);
    row.push(hits.length ? hits.map(([k, v]) => `${k} ${percent(v)}`).join(', ') : '-');
    row.push(
      Object.entries(costByRole(r))
        .map(([role, v]) => `${role} ${v.toFixed(3)}`)
        .join(', ') || '-',
    );
    rows.push(row);
    prev = r;
  }
  const legend = '! = SLO missed at that tier; G = the load generator was the limit (says nothing about the target); changes are against the stage before.';
  const broke = byStage.filter((r) => r.knee).map((r) => `stage ${r.stage}: knee ${rate(r.knee!.rate)} req/s, broke ${r.knee!.brokeBy}`);
  return ['What each fix buys', '', textTable(header, rows, { rightAlign: header.map((_, i) => i > 0 && i < header.length - 1) }), '', legend, ...broke, ''].join('\n');
}
