// Across runs: p99 vs achieved rate per stage (knee and SLO marked), and "what each fix buys" bars of capacity and p99.
import type { RunResult } from '../results/result-types.ts';
import { alignSeries } from './align-series.ts';
import { color, type ChartSpec, type MarkerSpec, type SeriesSpec } from './chart-spec.ts';
import { measuredSteps } from './run-label.ts';

const p99Ms = (s: RunResult['steps'][number]): number => Math.max(1, s.latencyUs.p99) / 1000;

export function latencyThroughputChart(id: string, results: RunResult[], labels: string[]): ChartSpec | null {
  const lists: [number, number][][] = [];
  const series: SeriesSpec[] = [];
  const markers: MarkerSpec[] = [];
  results.forEach((r, i) => {
    const steps = measuredSteps(r).filter((s) => s.achievedRate > 0);
    lists.push(steps.filter((s) => !s.loadgenBound).map((s) => [s.achievedRate, p99Ms(s)] as [number, number]).sort((a, b) => a[0] - b[0]));
    series.push({ label: r.emulated.length > 0 ? `${labels[i]} (emulated delays)` : labels[i], color: color(i), points: true });
    if (r.knee) markers.push({ x: r.knee.rate, label: `knee ${labels[i]}`, color: color(i) });
  });
  const bound = results.flatMap((r) => measuredSteps(r).filter((s) => s.loadgenBound && s.achievedRate > 0).map((s) => [s.achievedRate, p99Ms(s)] as [number, number]));
  if (bound.length > 0) {
    lists.push(bound);
    series.push({ label: 'loadgen-bound step (generator was the limit)', color: '#555555', pointsOnly: true });
  }
  if (lists.every((l) => l.length === 0)) return null;
  const slo = results.find((r) => r.knee)?.knee?.slo.p99Ms ?? 100;
  markers.push({ y: slo, label: `SLO p99 ${slo} ms`, color: '#aa0000' });
  return {
    id,
    xLabel: 'achieved rate (req/s)',
    yLabel: 'p99 latency (ms)',
    xFormat: 'rate',
    yFormat: 'ms',
    xLog: true,
    yLog: true,
    data: alignSeries(lists),
    series,
    markers,
  };
}

/** Capacity of a run: its knee, else the highest achieved rate of a step that met the SLO and was not loadgen-bound. */
export function capacityOf(r: RunResult): { value: number; basis: 'knee' | 'highest passing step' | 'none' } {
  if (r.knee) return { value: r.knee.rate, basis: 'knee' };
  const ok = measuredSteps(r).filter((s) => s.slo.pass && !s.loadgenBound);
  if (ok.length === 0) return { value: 0, basis: 'none' };
  return { value: Math.max(...ok.map((s) => s.achievedRate)), basis: 'highest passing step' };
}

/** The highest tier every run measured (for like-for-like p99 bars), else null. */
export function commonTopTier(results: RunResult[]): string | null {
  const sets = results.map((r) => new Set(measuredSteps(r).filter((s) => s.kind === 'tier').map((s) => s.tier)));
  const order = measuredSteps(results[0] ?? ({ steps: [] } as unknown as RunResult))
    .filter((s) => s.kind === 'tier')
    .sort((a, b) => (a.targetRate ?? 0) - (b.targetRate ?? 0))
    .map((s) => s.tier);
  const common = order.filter((t) => sets.every((set) => set.has(t)));
  return common.length > 0 ? common[common.length - 1] : null;
}

export function fixBarsCharts(idPrefix: string, results: RunResult[], labels: string[]): { capacity: ChartSpec; p99: ChartSpec | null; tier: string | null } | null {
  if (results.length === 0) return null;
  const xs = results.map((_, i) => i);
  const capacity: ChartSpec = {
    id: `${idPrefix}-capacity`,
    xLabel: 'stage',
    yLabel: 'capacity (req/s)',
    xFormat: 'labels',
    yFormat: 'rate',
    xLabels: labels,
    data: [xs, results.map((r) => capacityOf(r).value)],
    series: [{ label: 'capacity (req/s)', color: color(0), bars: true }],
  };
  const tier = commonTopTier(results);
  let p99: ChartSpec | null = null;
  if (tier !== null) {
    const at = results.map((r) => {
      const s = measuredSteps(r).filter((x) => x.kind === 'tier' && x.tier === tier);
      return s.length > 0 ? p99Ms(s[s.length - 1]) : null;
    });
    p99 = {
      id: `${idPrefix}-p99`,
      xLabel: 'stage',
      yLabel: `p99 at the ${tier} tier (ms)`,
      xFormat: 'labels',
      yFormat: 'ms',
      yLog: true,
      xLabels: labels.map((l, i) => (results[i].steps.some((s) => s.tier === tier && s.loadgenBound) ? `${l} (loadgen-bound)` : l)),
      data: [xs, at],
      series: [{ label: `p99 at ${tier} (ms)`, color: color(1), bars: true }],
    };
  }
  return { capacity, p99, tier };
}
