// Pure: the end-of-run summary of a bench result as text (per tier: rates, percentiles, errors, cost, verdicts).
import { figureEntries, type RunResult } from '../results/result-types.ts';
import { bytes, ms, percent, rate } from './format-units.ts';
import { renderFaultLine } from './render-faults.ts';
import { saturationOf } from '../analysis/saturation.ts';
import { marginalCostByRole, formatMarginalCost } from '../analysis/marginal-cost.ts';
import { kneeFinding } from '../analysis/knee-finding.ts';
import { predictKnee } from '../analysis/knee-law.ts';
import { textTable } from './text-table.ts';

export function renderBench(r: RunResult): string {
  const out: string[] = [];
  const pin = r.env.placement.pinned
    ? `generator on CPU ${r.env.placement.generatorCpus}, stage on CPU ${r.env.placement.stageCpus}`
    : `unpinned (${r.env.placement.reason})`;
  out.push(
    `scaleladder stage ${r.stage}${r.aborted ? '  [ABORTED: ' + (r.abortReason ?? '') + ']' : ''}  commit ${r.commit?.slice(0, 10) ?? 'n/a'}${r.dirty ? ' (dirty)' : ''}`,
  );
  out.push(`${r.env.cpuModel}, ${r.env.cores} cores, node ${r.env.node}; ${pin}`);
  out.push(
    `driver ${r.config.driver} (${r.steps[0]?.model ?? '?'} model), seeded ${r.seed.links.toLocaleString('en-US')} links in ${r.seed.ms.toFixed(0)} ms, boot ${r.bootMs.toFixed(0)} ms`,
  );
  const scale = r.scaleModel && r.scaleModel.scale > 0 ? r.scaleModel.scale : null;
  if (r.scaleModel) {
    const sm = r.scaleModel;
    out.push(
      `scale model 1:${Math.round(1 / sm.scale)} (${sm.enforcement}${sm.enforcement === 'none' ? `: ${sm.reason}` : ''}, period ${sm.periodUs / 1000} ms${sm.oversubscribed ? ', OVERSUBSCRIBED' : ''}): ` +
        sm.machines.map((m) => `${m.name} ${m.cpu}`).join(', ') +
        '; full-size ≈ model rate ÷ scale (a lower bound)',
    );
    for (const c of sm.calibration ?? []) {
      out.push(`  calibration ${c.name}: ${c.unconstrainedCpuMsPerRequest} CPU-ms/req on a whole core → ${c.budgetedCpuMsPerRequest} on its budget (×${c.distortion}${c.label ? `: ${c.label}` : ''})`);
    }
  }
  out.push('');
  const rows = r.steps.map((s) => [
    s.tier,
    rate(s.targetRate),
    rate(s.achievedRate),
    ...(scale ? [rate(s.achievedRate / scale)] : []),
    ms(s.latencyUs.p50),
    ms(s.latencyUs.p90),
    ms(s.latencyUs.p99),
    ms(s.latencyUs.p999),
    ms(s.latencyUs.max),
    percent(s.errorRate),
    s.slo.pass ? 'pass' : 'FAIL',
    s.loadgenBound ? 'GENERATOR' : '',
  ]);
  out.push(
    textTable(['tier', 'target/s', 'achieved/s', ...(scale ? ['full-size ≈/s'] : []), 'p50 ms', 'p90 ms', 'p99 ms', 'p99.9 ms', 'max ms', 'errors', 'SLO', 'limit'], rows),
  );
  out.push('');
  const costRows: string[][] = [];
  for (const s of r.steps) {
    for (const p of [...s.processes, s.loadgen]) {
      const sat = p === s.loadgen ? undefined : saturationOf(p);
      const ofAllowance = sat ? `${percent(sat.share, 0)} of ${Number(sat.allowanceCores.toPrecision(3))}${sat.allowanceFrom === 'budget' ? ' budget' : ''}${sat.saturated ? ' SAT' : ''}` : '';
      const throttled = sat?.throttledShare !== undefined ? percent(sat.throttledShare, 0) : '';
      costRows.push([s.tier, p.name, p.role, percent(p.utilization, 0), ofAllowance, throttled, p.cpuMsPerRequest.toFixed(3), bytes(p.rssPeakBytes)]);
    }
  }
  out.push(textTable(['tier', 'process', 'role', 'CPU (1 core = 100 %)', 'of allowance', 'throttled', 'CPU-ms/req (avg)', 'peak RSS'], costRows));
  const marginal = marginalCostByRole(r.steps);
  if (marginal.length) out.push(`marginal CPU-ms per client request (slope over unsaturated steps, +idle cores): ${marginal.map((c) => `${c.role} ${formatMarginalCost(c)}`).join(', ')}`);
  const notes: string[] = [];
  for (const s of r.steps) {
    if (s.bottleneck) notes.push(`${s.tier}: limited by ${s.bottleneck}`);
    if (!s.slo.pass) notes.push(`${s.tier}: SLO missed: ${s.slo.reasons.join(', ')}`);
    if (s.uncorrected && s.model === 'open') {
      const hidden = s.latencyUs.p99 - s.uncorrected.latencyUs.p99;
      if (hidden > 1000) notes.push(`${s.tier}: timing from the actual send would have hidden ${ms(hidden)} ms of p99 (coordinated omission)`);
    }
    const figs = figureEntries(s.figures)
      .filter(([k, v]) => k !== 'eventLoopDelayP99Ms' || v > 0)
      .map(([k, v]) => `${k}=${Number.isInteger(v) ? v : v.toFixed(3)}`);
    if (figs.length) notes.push(`${s.tier}: ${figs.join(', ')}`);
    for (const f of s.faults ?? []) notes.push(renderFaultLine(s.tier, f));
  }
  if (r.emulated.length) notes.push(`emulated: ${r.emulated.join('; ')}`);
  if (r.knee) {
    const full = scale ? ` (full-size ≈ ${rate(r.knee.rate / scale)} req/s)` : '';
    notes.push(`KNEE: ${rate(r.knee.rate)} req/s${full} meets p99 < ${r.knee.slo.p99Ms} ms and errors < ${percent(r.knee.slo.errorRate)}; broke ${r.knee.brokeBy}`);
    const f = kneeFinding(r);
    if (f) notes.push(`LAW: ${f.text}`);
  } else {
    const p = predictKnee(r.steps);
    if (p) notes.push(`LAW: predicted knee ${p.formula} (${p.component})`);
  }
  if (notes.length) out.push('', ...notes);
  return out.join('\n') + '\n';
}
