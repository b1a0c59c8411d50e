// Pure: the "what each fix buys" ladder: per rung the knee (model and full-size), the law's prediction, what broke, marginal costs, per-request figures.
import type { RunResult, StepResult } from '../results/result-types.ts';
import { formatMarginalCost } from '../analysis/marginal-cost.ts';
import { appProcessesOf, ladderRungs, meanFigure, type LadderRung, type PgRungFigures } from '../analysis/ladder-rungs.ts';
import { ms, percent, rate } from './format-units.ts';
import { textTable } from './text-table.ts';

/** The rung table's columns, in order. */
export const LADDER_COLUMNS = [
  'rung',
  'knee req/s (model)',
  'knee full-size ≈ req/s',
  'predicted req/s (component)',
  'what broke',
  'p99 at prev. break',
  'CPU-ms/req by role (marginal)',
  'DB reads/req',
  'origin req/req',
  'far-region p99 ms',
] as const;

const DASH = '—';

function change(prev: number | undefined | null, cur: number | undefined | null, higherIsBetter: boolean): string {
  if (prev === undefined || prev === null || cur === undefined || cur === null || prev === 0) return '';
  const d = (cur - prev) / prev;
  const better = higherIsBetter ? d > 0 : d < 0;
  return ` (${d >= 0 ? '+' : ''}${percent(d, 0)}${Math.abs(d) >= 0.05 ? (better ? ' better' : ' worse') : ''})`;
}

const interval = (k: { rate: number; failRate?: number } | null) => (!k ? DASH : k.failRate !== undefined ? `${rate(k.rate)}–${rate(k.failRate)}` : rate(k.rate));

function rungRow(g: LadderRung, prev: LadderRung | undefined): string[] {
  return [
    g.label,
    interval(g.knee) + (g.knee ? change(prev?.knee?.rate, g.knee.rate, true) : ''),
    interval(g.fullSizeKnee) + (g.calibrated ? ` (cal. ×${g.calibrated.distortion.toFixed(2)} = ${rate(g.calibrated.rate)})` : ''),
    g.prediction ? `${g.prediction.lowerBound ? '≥' : ''}${rate(g.prediction.rate)} ${g.prediction.component}${g.finding?.finding ? ' !' : ''}` : DASH,
    g.broke ? (g.broke.causes[0] ? `${g.broke.component}: ${g.broke.causes[0].kind}` : 'see note') : DASH,
    g.p99AtPrevBreak ? `${g.p99AtPrevBreak.tier} ${ms(g.p99AtPrevBreak.p99Us)}${g.p99AtPrevBreak.pass ? '' : '!'}` : DASH,
    g.costByRole.map((c) => `${c.role} ${formatMarginalCost(c)}`).join(', ') || DASH,
    g.dbReadsPerRequest === null ? DASH : g.dbReadsPerRequest.toFixed(3) + change(prev?.dbReadsPerRequest, g.dbReadsPerRequest, false),
    g.originRequestsPerRequest === null ? DASH : g.originRequestsPerRequest.toFixed(3),
    g.farRegion ? `${g.farRegion.region} ${ms(g.farRegion.p99Us)}` : DASH,
  ];
}

function rungNotes(g: LadderRung): string[] {
  const out: string[] = [];
  const head = `stage ${g.label}:`;
  if (!g.knee) out.push(`${head} no knee search in this result`);
  if (g.knee) out.push(`${head} knee ${interval(g.knee)} req/s${g.fullSizeKnee ? ` (model at scale ${g.scale}; full-size ≈ ${interval(g.fullSizeKnee)} req/s)` : ''}`);
  if (g.calibrated) {
    out.push(`  calibrated: ${g.calibrated.component} costs ${g.calibrated.distortion.toFixed(2)}× per request on its small machine than on a whole core, so full-size ≈ ${rate(g.calibrated.rate)} req/s`);
  }
  if (g.broke) out.push(g.broke.causes.length ? `  broke at ${rate(g.broke.rate)} req/s (${g.broke.tier}): ${g.broke.cause}` : `  broke ${g.broke.cause}`);
  if (g.finding) out.push(`  law: ${g.finding.text}`);
  else if (g.prediction) out.push(`  law: predicted ${g.prediction.formula} (${g.prediction.component})`);
  const edge = g.prediction ? behindTheEdge(g.prediction.limits) : undefined;
  if (edge) out.push(`  ${edge}`);
  if (g.pg) out.push(`  ${pgLine(g.pg)}`);
  const fallback = g.costByRole.filter((c) => c.method === 'ratio');
  for (const c of fallback) out.push(`  ${c.role} cost: ${c.basis}`);
  return out;
}

/** One line of a PostgreSQL rung: where the queries went, what each costs the database machines, pool waits, lag, lag 404s. */
export function pgLine(p: PgRungFigures): string {
  const n = (v: number) => v.toFixed(3);
  const parts = [
    `postgres: ${n(p.queriesPerRequest)} queries/req (primary reads ${n(p.primaryReadsPerRequest)}, replica reads ${n(p.replicaReadsPerRequest)}, writes ${n(p.writesPerRequest)})`,
  ];
  if (p.shards !== null && p.shards > 0) parts.push(`${p.shards} shard servers, each a primary${p.shardWriteSkew !== null ? `, busiest ${p.shardWriteSkew.toFixed(2)}× the mean writes` : ''}`);
  const cpu = [
    p.primaryCpuMsPerQuery !== null ? `primary ${p.primaryCpuMsPerQuery.toFixed(3)}` : '',
    p.replicaCpuMsPerQuery !== null ? `replicas ${p.replicaCpuMsPerQuery.toFixed(3)}` : '',
  ].filter(Boolean);
  if (cpu.length) parts.push(`CPU-ms/query ${cpu.join(', ')}`);
  if (p.poolWaitShare !== null) parts.push(`pool waits ${(p.poolWaitShare * 100).toFixed(1)} %`);
  if (p.replicas > 0) {
    if (p.lagMsP50 !== null) parts.push(`${p.replicas} replica${p.replicas === 1 ? '' : 's'}, lag p50 ${p.lagMsP50.toFixed(1)} ms, max ${(p.lagMsMax ?? 0).toFixed(1)} ms`);
    if (p.stale404s !== null) parts.push(`lag 404s ${p.stale404s}`);
    if (p.lagBoundMs !== null) parts.push(`fix-age: ${p.youngPrimaryReads ?? 0} young codes read the primary (bound ${p.lagBoundMs.toFixed(0)} ms)`);
  }
  if (p.followsSent) parts.push(`follows after create: ${p.follow404s ?? 0} of ${p.followsSent} 404`);
  return parts.join('; ');
}

const tierSteps = (r: RunResult): StepResult[] => r.steps.filter((s) => s.kind === 'tier');

/** The second table: p99 per tier and hit ratios per rung, with the change against the rung before. */
function tierTable(results: RunResult[]): string {
  const tiers = [...new Set(results.flatMap((r) => tierSteps(r).map((s) => s.tier)))];
  const header = ['rung', ...tiers.map((t) => `p99 ${t} ms`), 'hit ratios'];
  let prev: RunResult | undefined;
  const rows = results.map((r) => {
    const row = [`${r.stage}${results.filter((x) => x.stage === r.stage).length > 1 ? ` ×${appProcessesOf(r)} apps` : ''}`];
    for (const t of tiers) {
      const s = tierSteps(r).find((x) => x.tier === t);
      const p = prev ? tierSteps(prev).find((x) => x.tier === t) : undefined;
      row.push(!s ? DASH : `${ms(s.latencyUs.p99)}${s.slo.pass ? '' : '!'}${s.loadgenBound ? 'G' : ''}${change(p?.latencyUs.p99, s.latencyUs.p99, false)}`);
    }
    const all: [string, number | null][] = [
      ['cdn', meanFigure(r, ['cdnHitRatio'])],
      ['local', meanFigure(r, ['localHitRatio'])],
      ['redis', meanFigure(r, ['cacheHitRatio'])],
    ];
    const hits = all.filter((x): x is [string, number] => x[1] !== null);
    row.push(hits.length ? hits.map(([k, v]) => `${k} ${percent(v)}`).join(', ') : DASH);
    prev = r;
    return row;
  });
  return textTable(header, rows, { rightAlign: header.map((_, i) => i > 0 && i < header.length - 1) });
}

export function renderLadder(results: RunResult[]): string {
  const sorted = [...results].sort((a, b) => a.stage - b.stage || (appProcessesOf(a) ?? 0) - (appProcessesOf(b) ?? 0));
  const rungs = ladderRungs(sorted);
  const header = [...LADDER_COLUMNS];
  const rows = rungs.map((g, i) => rungRow(g, rungs[i - 1]));
  const right = header.map((_, i) => [1, 2, 7, 8].includes(i));
  const legend = [
    'knee a–b = last pass – first confirmed fail. full-size ≈ model knee ÷ scale: a lower bound, since a small machine pays its fixed load on a smaller budget; cal. = corrected by the limiting machine\'s calibrated distortion.',
    'predicted = min over machines of (budget − idle) ÷ marginal CPU per client request; ≥ = from an average cost (a lower bound); ! = the measured knee is more than 25 % away (see law).',
    'CPU-ms/req = slope of CPU against throughput over unsaturated steps (+idle in cores); * = average of one step (fewer than 2 unsaturated rates).',
    'p99 at prev. break = this rung at the tier where the rung before missed the SLO (! = missed here too). far-region = region with the highest median latency.',
  ];
  const perTier = tierTable(sorted);
  const tierLegend = '! = SLO missed at that tier; G = the load generator was the limit (says nothing about the target); changes are against the rung before.';
  return ['What each fix buys', '', textTable(header, rows, { rightAlign: right }), '', ...legend, '', ...rungs.flatMap(rungNotes), '', 'p99 per tier', '', perTier, '', tierLegend, ''].join('\n');
}

/**
 * When the CDN machine is the lowest limit: the origin's own next limit, since the emulator is one machine standing in
 * for a provider's edge fleet, which an origin's owner does not size. What the rung buys the origin is that figure.
 */
export function behindTheEdge(limits: readonly { component: string; role: string; rate: number }[]): string | undefined {
  if (limits[0]?.role !== 'cdn') return undefined;
  const next = limits.find((l) => l.role !== 'cdn' && Number.isFinite(l.rate));
  if (!next) return undefined;
  return `behind the edge: the CDN emulator (one machine standing in for a provider's edge fleet) caps this rung; the origin's own next limit is ${rate(next.rate)} req/s (${next.component})`;
}
