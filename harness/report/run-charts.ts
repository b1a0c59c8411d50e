// Per-run charts: latency percentile spectrum per tier, CPU-ms per request per process, and latency over time.
import { decodeHistogram, summarize } from '../measure/histogram.ts';
import type { RunResult } from '../results/result-types.ts';
import { color, type ChartSpec, type MarkerSpec } from './chart-spec.ts';
import { measuredSteps, stepLabel } from './run-label.ts';
import { SPECTRUM_X, spectrumOf } from './spectrum-points.ts';

export function spectrumChart(id: string, r: RunResult): ChartSpec | null {
  const steps = measuredSteps(r).filter((s) => s.histogram);
  if (steps.length === 0) return null;
  return {
    id,
    xLabel: 'percentile',
    yLabel: 'latency (ms)',
    xFormat: 'percentile',
    yFormat: 'ms',
    xLog: true,
    yLog: true,
    data: [[...SPECTRUM_X], ...steps.map((s) => spectrumOf(s.histogram))],
    series: steps.map((s, i) => ({ label: stepLabel(s), color: color(i), dash: s.loadgenBound })),
  };
}

export function cpuChart(id: string, r: RunResult): ChartSpec | null {
  const steps = measuredSteps(r);
  if (steps.length === 0) return null;
  const names = [...new Set(steps.flatMap((s) => s.processes.map((p) => p.name)))];
  const series = names.map((name, i) => ({ label: name, color: color(i), points: true }));
  const data: (number | null)[][] = [steps.map((_, i) => i)];
  for (const name of names) data.push(steps.map((s) => s.processes.find((p) => p.name === name)?.cpuMsPerRequest ?? null));
  series.push({ label: 'load generator (not the target)', color: '#7f7f7f', points: true, dash: true } as (typeof series)[number]);
  data.push(steps.map((s) => s.loadgen?.cpuMsPerRequest ?? null));
  return {
    id,
    xLabel: 'step',
    yLabel: 'CPU-ms per request',
    xFormat: 'labels',
    yFormat: 'number',
    xLabels: steps.map(stepLabel),
    data,
    series,
  };
}

/** p50 / p99 / max per second across all steps (warm-up included and marked), from the interval histograms. */
export function timelineChart(id: string, r: RunResult): ChartSpec | null {
  const xs: number[] = [];
  const p50: (number | null)[] = [];
  const p99: (number | null)[] = [];
  const max: (number | null)[] = [];
  const markers: MarkerSpec[] = [];
  let offsetS = 0;
  for (const s of r.steps) {
    if (s.intervals.length === 0) {
      offsetS += s.durationS;
      continue;
    }
    markers.push({ x: offsetS, label: s.kind === 'warmup' ? 'warm-up (not counted)' : stepLabel(s) });
    for (const iv of s.intervals) {
      const sum = summarize(decodeHistogram(iv.histogram));
      xs.push(Number((offsetS + iv.endMs / 1000).toFixed(3)));
      const ms = (v: number): number | null => (sum.count === 0 ? null : Math.max(1, v) / 1000);
      p50.push(ms(sum.p50));
      p99.push(ms(sum.p99));
      max.push(ms(sum.max));
    }
    offsetS += Math.max(s.durationS, s.intervals[s.intervals.length - 1].endMs / 1000);
  }
  if (xs.length === 0) return null;
  return {
    id,
    xLabel: 'time (s)',
    yLabel: 'latency per second (ms)',
    xFormat: 'seconds',
    yFormat: 'ms',
    yLog: true,
    data: [xs, p50, p99, max],
    series: [
      { label: 'p50', color: color(0) },
      { label: 'p99', color: color(1) },
      { label: 'max', color: '#999999', dash: true },
    ],
    markers,
  };
}
