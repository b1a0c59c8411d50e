// Pure: a plan's per-stage numbers as rows (question, answer, how it was computed, what it rests on) for both renderers.
import type { UslReport } from './plan-types.ts';
import { bytes, count, int, percent, sig } from '../render/format-units.ts';
import type { PlanAssumption, PlanNumber, StagePlan } from './plan-types.ts';

export function formatAssumption(a: PlanAssumption): string {
  const v = typeof a.value === 'number' ? sig(a.value) : a.value;
  return `${a.name} = ${v}${a.unit ? ` ${a.unit}` : ''} (${a.source}${a.note ? `: ${a.note}` : ''})`;
}

export function formatAnswer(n: PlanNumber): string {
  if (n.value === null) return '—';
  switch (n.unit) {
    case 'bytes':
      return bytes(n.value);
    case 'ratio':
      return `≥ ${percent(n.value)}`;
    case 'req/s':
      return `${int(n.value)} req/s`;
    default:
      return count(n.value, n.unit);
  }
}

export interface PlanRow {
  question: string;
  answer: string;
  how: string;
  restsOn: string;
}

function row(n: PlanNumber): PlanRow {
  return {
    question: n.label,
    answer: formatAnswer(n),
    how: [n.formula, n.note].filter(Boolean).join(' — '),
    restsOn: n.assumptions.map(formatAssumption).join('; ') || '—',
  };
}

export function stageRows(s: StagePlan): PlanRow[] {
  return [
    { ...row(s.capacity), answer: `${formatAnswer(s.capacity)} ${s.holds ? '✓ holds' : '✗ short'}`.trim() },
    row(s.appProcesses),
    row(s.redisMemory),
    row(s.cdnHitRatio),
    row(s.shards),
    ...(s.readReplicas ? [row(s.readReplicas)] : []),
  ];
}

export function uslLine(u: UslReport): string {
  const f = u.fit;
  if (!f.ok) return `${u.basis}: ${f.reason}`;
  const peak = Number.isFinite(f.peakN) ? `N* = ${sig(f.peakN)} (X = ${int(f.peakX)} req/s)` : 'no peak (κ = 0)';
  return `${u.basis}: σ = ${sig(f.sigma)}, κ = ${sig(f.kappa)}, λ = ${sig(f.lambda)} req/s per unit, ${peak}, R² = ${f.rSquared.toFixed(3)} (${f.points} points, ${f.distinctN} distinct N)`;
}
