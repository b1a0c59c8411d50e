// Pure: results (+ optional compare, validate, plan) → one self-contained HTML file with uPlot, its data and tables inlined.
import { readFileSync } from 'node:fs';
import type { RunResult } from '../results/result-types.ts';
import type { ValidateReport } from '../validate/claim-types.ts';
import type { ChartSpec } from './chart-spec.ts';
import { comparisonSection } from './comparison-section.ts';
import { compareDeltaTable, compareSpectrumCharts } from './compare-view.ts';
import { esc, inlineScript, inlineStyle, jsonForScript } from './html-escape.ts';
import { fixBarsCharts, latencyThroughputChart } from './ladder-charts.ts';
import { planSection } from './plan-section.ts';
import { REPORT_CSS } from './report-styles.ts';
import { cpuChart, spectrumChart, timelineChart } from './run-charts.ts';
import { runLabels } from './run-label.ts';
import { processTable, stepsTable } from './steps-table.ts';
import { marginalCostTable } from './marginal-cost-table.ts';
import { uplotAssets } from './uplot-assets.ts';
import { validateSection } from './validate-section.ts';
import { experimentsSection } from './experiments-section.ts';
import type { ExperimentSummary } from '../experiments/experiment-types.ts';

export interface ReportInput {
  results: RunResult[];
  /** A `scaleladder compare` result (rendered as its table when it has the usual shape, generically otherwise). */
  comparison?: unknown;
  validate?: ValidateReport;
  /** A `scaleladder plan` result. */
  plan?: unknown;
  /** Page title (default "scaleladder report"). */
  title?: string;
  /** Where each result came from (file paths), shown next to its label. */
  sources?: string[];
  /** Latest summaries of experiments (scaleladder experiment), one section with a chart each (default none). */
  experiments?: ExperimentSummary[];
  /** Generation time shown in the header (default now); a seam for reproducible output in tests. */
  generatedAt?: Date;
}

const CLIENT_JS = readFileSync(new URL('./report-client.js', import.meta.url), 'utf8');

/** A titled chart card: the container the client draws into, or a note when there is nothing to draw. */
function card(title: string, chart: ChartSpec | null, charts: ChartSpec[], note = ''): string {
  if (chart) charts.push(chart);
  const body = chart ? `<div class="chart" id="${esc(chart.id)}" data-chart="${esc(chart.id)}"></div>` : '<p class="muted">No data for this chart.</p>';
  return `<div class="card"><h3>${esc(title)}</h3>${body}${note ? `<p class="muted small">${note}</p>` : ''}</div>`;
}

function runHeader(r: RunResult, label: string, source: string | undefined): string {
  const emulated = r.emulated.map((e) => `<span class="badge emulated">emulated: ${esc(e)}</span>`).join(' ');
  const bound = r.steps.some((s) => s.loadgenBound) ? '<span class="badge warn">has loadgen-bound steps: the generator, not the target, was the limit there</span>' : '';
  const placement = r.env.placement.pinned
    ? `pinned: generator ${esc(r.env.placement.generatorCpus ?? '?')}, stage ${esc(r.env.placement.stageCpus ?? '?')}`
    : `unpinned (${esc(r.env.placement.reason)})`;
  const knee = r.knee ? `<span>knee <b>${esc(Math.round(r.knee.rate).toLocaleString('en-US'))} req/s</b> (broke by ${esc(r.knee.brokeBy)})</span>` : '';
  return (
    `<div class="run-meta small"><span>commit <code>${esc(r.commit ?? 'none')}</code>${r.dirty ? ' <span class="badge warn">dirty</span>' : ''}</span>` +
    `<span>${esc(r.startedAt)}</span><span>${esc(r.env.cpuModel)}, ${esc(r.env.cores)} cores, Node ${esc(r.env.node)}</span><span>${placement}</span>` +
    `${knee}${source ? `<span class="muted">${esc(source)}</span>` : ''}${r.aborted ? `<span class="badge bad">aborted: ${esc(r.abortReason ?? '')}</span>` : ''}</div>` +
    `<p>${emulated} ${bound}</p>`
  );
}

export function renderReport(input: ReportInput): string {
  const { results, comparison, validate, plan, experiments, title = 'scaleladder report', sources = [], generatedAt = new Date() } = input;
  const labels = runLabels(results);
  const charts: ChartSpec[] = [];
  const sections: { id: string; title: string; html: string }[] = [];

  if (results.length > 0) {
    const ladder = fixBarsCharts('fix', results, labels);
    const lt = latencyThroughputChart('latency-throughput', results, labels);
    const grid = [
      card('Latency vs throughput per stage (p99, knee marked)', lt, charts, 'Loadgen-bound steps are drawn apart: there the generator, not the target, was the limit.'),
      ladder ? card('What each fix buys: capacity per stage', ladder.capacity, charts, 'Capacity = the knee when searched, else the highest rate of a passing, not loadgen-bound step.') : '',
      ladder?.p99 ? card(`What each fix buys: p99 at the ${ladder.tier} tier`, ladder.p99, charts) : '',
    ];
    sections.push({ id: 'ladder', title: 'The ladder', html: `<div class="grid">${grid.join('')}</div>` });
  }

  results.forEach((r, i) => {
    const id = `run-${i}`;
    const grid = [
      card('Latency percentile spectrum per tier', spectrumChart(`${id}-spectrum`, r), charts, 'As HdrHistogram plots it: x is 1/(1−p) on a log axis; dashed = loadgen-bound.'),
      card('Latency over time (per-second interval histograms)', timelineChart(`${id}-timeline`, r), charts),
      card('CPU per process (CPU-ms per request)', cpuChart(`${id}-cpu`, r), charts, 'Dashed: the load generator itself, never blamed on the target.'),
    ];
    sections.push({
      id,
      title: `${labels[i]}`,
      html: runHeader(r, labels[i], sources[i]) + `<div class="grid">${grid.join('')}</div>` + `<h3>Steps</h3>${stepsTable(r)}${processTable(r)}${marginalCostTable(r)}`,
    });
  });

  if (results.length === 2) {
    const pair: [string, string] = [labels[0], labels[1]];
    const spectra = compareSpectrumCharts('compare-spectrum', results[0], results[1], pair);
    const grid = spectra.map((s) => card(`${s.tier}: A vs B`, s.chart, charts)).join('');
    sections.push({
      id: 'two-runs',
      title: `A: ${labels[0]} vs B: ${labels[1]}`,
      html: `<div class="grid">${grid}</div>${compareDeltaTable(results[0], results[1], pair)}`,
    });
  }
  if (comparison !== undefined) sections.push({ id: 'comparison', title: 'Comparison (scaleladder compare)', html: comparisonSection(comparison) });
  if (validate) sections.push({ id: 'validate', title: 'Back-of-envelope claims (scaleladder validate)', html: validateSection(validate) });
  if (experiments !== undefined) sections.push({ id: 'experiments', title: 'Experiments (one variable changed)', html: experimentsSection(experiments, (t, c) => card(t, c, charts)) });
  if (plan !== undefined) sections.push({ id: 'plan', title: 'Capacity plan (scaleladder plan)', html: planSection(plan) });

  const uplot = uplotAssets();
  const nav = sections.map((s) => `<a href="#${esc(s.id)}">${esc(s.title)}</a>`).join('');
  const body = sections.map((s) => `<section id="${esc(s.id)}"><h2>${esc(s.title)}</h2>${s.html}</section>`).join('\n');
  const empty = sections.length === 0 ? '<p class="muted">Nothing to show: no results given.</p>' : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${inlineStyle(uplot.css)}</style>
<style>${inlineStyle(REPORT_CSS)}</style>
</head>
<body>
<header><h1>${esc(title)}</h1>
<p class="muted small">Generated ${esc(generatedAt.toISOString())} from ${results.length} result${results.length === 1 ? '' : 's'} · charts by uPlot ${esc(uplot.version)} (embedded; no network needed)</p>
<nav class="small">${nav}</nav></header>
${body}${empty}
<script type="application/json" id="report-data">${jsonForScript({ charts })}</script>
<script>${inlineScript(uplot.js)}</script>
<script>${inlineScript(CLIENT_JS)}</script>
</body>
</html>
`;
}
