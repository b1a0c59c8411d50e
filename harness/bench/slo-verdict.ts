// Judges one step against the SLO (p99 latency and error-rate bounds) and says why it failed.
import type { SloSpec, SloVerdict } from '../results/result-types.ts';

export function sloVerdict(slo: SloSpec, p99Us: number, errorRate: number, completed: number): SloVerdict {
  const p99Ms = p99Us / 1000;
  const reasons: string[] = [];
  if (completed === 0) reasons.push('no request completed');
  if (p99Ms >= slo.p99Ms) reasons.push(`p99 ${p99Ms.toFixed(1)} ms ≥ ${slo.p99Ms} ms`);
  if (errorRate >= slo.errorRate && errorRate > 0) reasons.push(`errors ${(errorRate * 100).toFixed(2)} % ≥ ${(slo.errorRate * 100).toFixed(2)} %`);
  return { pass: reasons.length === 0, p99Ms, errorRate, reasons };
}
