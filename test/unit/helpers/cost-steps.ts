// Test helper: steps whose processes burn a known idle load plus a known CPU cost per request, with budgets and throttling.
import type { ProcessCost, StepResult } from '../../../harness/results/result-types.ts';
import { syntheticStep } from '../../helpers/synthetic-result.ts';

export interface CostProc {
  name: string;
  role: string;
  /** CPU-ms per client request. */
  ms: number;
  /** Idle load, cores. */
  idle?: number;
  budgetCores?: number;
  allowanceCores?: number;
  cpus?: string;
  /** Share of quota periods throttled. */
  throttled?: number;
}

/** One step at `rate` req/s for durationS: each process uses idle + rate × ms / 1000 cores. */
export function costStep(rate: number, procs: CostProc[], over: { tier?: string; kind?: StepResult['kind']; pass?: boolean; figures?: Record<string, number>; durationS?: number } = {}): StepResult {
  const durationS = over.durationS ?? 10;
  const s = syntheticStep({ tier: over.tier ?? `${rate}`, kind: over.kind, latenciesUs: Array.from({ length: 200 }, () => (over.pass === false ? 300_000 : 2_000)), achievedRate: rate, durationS, figures: over.figures });
  s.requests = { ...s.requests, completed: Math.round(rate * durationS), sent: Math.round(rate * durationS) };
  s.processes = procs.map((p): ProcessCost => {
    const utilization = (p.idle ?? 0) + (rate * p.ms) / 1000;
    const cpuSeconds = utilization * durationS;
    return {
      name: p.name,
      role: p.role,
      pid: 100,
      cpuSeconds,
      utilization,
      rssPeakBytes: 1,
      cpuMsPerRequest: (cpuSeconds * 1000) / (rate * durationS),
      ...(p.cpus ? { cpus: p.cpus } : {}),
      ...(p.budgetCores !== undefined ? { budgetCores: p.budgetCores, allowanceCores: p.budgetCores } : {}),
      ...(p.allowanceCores !== undefined ? { allowanceCores: p.allowanceCores } : {}),
      ...(p.throttled !== undefined ? { throttle: { periods: durationS * 100, throttled: Math.round(p.throttled * durationS * 100), throttledMs: 1 } } : {}),
    };
  });
  return s;
}
