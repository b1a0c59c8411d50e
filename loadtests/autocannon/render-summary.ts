// Renders a scenario run as a short text table (pure: returns the string, the script prints it).
import { summarize, type LatencySummaryUs } from '../../harness/measure/histogram.ts';
import type { StepMeasurement } from '../../harness/drivers/driver-types.ts';

const ms = (us: number) => `${(us / 1000).toFixed(us < 10_000 ? 2 : 1)} ms`;
const pcts = (s: LatencySummaryUs) => `p50 ${ms(s.p50)}  p90 ${ms(s.p90)}  p99 ${ms(s.p99)}  p99.9 ${ms(s.p999)}  max ${ms(s.max)}`;
const counts = (o: Record<string, number>) =>
  Object.keys(o).length === 0 ? 'none' : Object.entries(o).sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k}: ${n}`).join(', ');

export function renderSummary(scenario: string, target: string, connections: number, m: StepMeasurement): string {
  const lines = [
    `scenario ${scenario} · closed model · ${connections} connections · ${m.durationS.toFixed(1)} s · ${target}${m.aborted ? ' · ABORTED' : ''}`,
    `requests  sent ${m.sent}  completed ${m.completed}  achieved ${m.achievedRate.toFixed(0)} req/s`,
    `latency   ${pcts(summarize(m.latency))}  (µs resolution, from the actual send)`,
  ];
  for (const [endpoint, h] of Object.entries(m.byEndpoint).sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`  ${endpoint.padEnd(9)} ${String(h.totalCount).padStart(8)}  ${pcts(summarize(h))}`);
  }
  lines.push(`statuses  ${counts(m.statusCounts)}`, `errors    ${counts(m.errors)}`);
  for (const n of m.notes) lines.push(`note      ${n}`);
  return lines.join('\n');
}
