// Pure: turns a driver's raw step measurement plus process accounting into a StepResult of the results JSON.
import { encodeHistogram, summarize, type Histogram } from '../measure/histogram.ts';
import type { ProcessAccount } from '../measure/process-sampler.ts';
import type { StepMeasurement } from '../drivers/driver-types.ts';
import type { LatencyPercentilesUs, ProcessCost, SloSpec, StepResult } from '../results/result-types.ts';
import { attributeBottleneck, loadgenVerdict } from './attribution.ts';
import { sloVerdict } from './slo-verdict.ts';
import { stepErrorRate } from './error-rate.ts';

/** A process's account over the step, as the sampler gives it (wall time not needed here), with its machine if it has one. */
export type ProcessAccountIn = Omit<ProcessAccount, 'wallSeconds'> & Pick<ProcessCost, 'budgetCores' | 'allowanceCores' | 'throttle'>;

export interface AggregateInput {
  tier: string;
  users: number | null;
  kind: StepResult['kind'];
  connections: number;
  measurement: StepMeasurement;
  processes: ProcessAccountIn[];
  loadgen: ProcessAccountIn;
  loadgenCores: number;
  slo: SloSpec;
  figures: Record<string, number>;
}

export function percentiles(h: Histogram): LatencyPercentilesUs {
  const s = summarize(h);
  return { p50: s.p50, p90: s.p90, p99: s.p99, p999: s.p999, max: s.max };
}

function withCost(p: ProcessAccountIn, completed: number): ProcessCost {
  return {
    name: p.name,
    role: p.role,
    pid: p.pid,
    cpuSeconds: round(p.cpuSeconds, 4),
    utilization: round(p.utilization, 4),
    rssPeakBytes: p.rssPeakBytes,
    cpuMsPerRequest: completed > 0 ? round((p.cpuSeconds * 1000) / completed, 5) : 0,
    ...(p.cpus ? { cpus: p.cpus } : {}),
    ...(p.budgetCores !== undefined ? { budgetCores: p.budgetCores } : {}),
    ...(p.allowanceCores !== undefined ? { allowanceCores: p.allowanceCores } : {}),
    ...(p.throttle ? { throttle: p.throttle } : {}),
  };
}

export function aggregateStep(input: AggregateInput): StepResult {
  const m = input.measurement;
  const errorRate = stepErrorRate(m.completed, m.dropped, m.errors);
  const processes = input.processes.map((p) => withCost(p, m.completed));
  const loadgen = withCost(input.loadgen, m.completed);
  const lat = percentiles(m.latency);
  const lg = loadgenVerdict({
    intendedRate: m.intendedRate,
    achievedRate: m.achievedRate,
    loadgen,
    loadgenCores: input.loadgenCores,
    targets: processes,
  });
  const byEndpoint: StepResult['byEndpoint'] = {};
  for (const [ep, h] of Object.entries(m.byEndpoint)) {
    if (h.totalCount === 0) continue;
    byEndpoint[ep] = { count: h.totalCount, latencyUs: percentiles(h), histogram: encodeHistogram(h) };
  }
  const step: StepResult = {
    tier: input.tier,
    users: input.users,
    kind: input.kind,
    model: m.model,
    driver: m.driver,
    targetRate: m.intendedRate,
    achievedRate: round(m.achievedRate, 2),
    durationS: round(m.durationS, 3),
    connections: input.connections,
    requests: { sent: m.sent, completed: m.completed, lateSends: m.lateSends, dropped: m.dropped },
    statusCounts: m.statusCounts,
    errors: m.errors,
    errorRate,
    latencyUs: lat,
    histogram: encodeHistogram(m.latency),
    byEndpoint,
    intervals: m.intervals,
    ...(m.timeline ? { timeline: m.timeline } : {}),
    processes,
    loadgen,
    loadgenBound: lg.bound,
    slo: sloVerdict(input.slo, lat.p99, errorRate, m.completed),
    figures: input.figures,
  };
  if (m.uncorrected) step.uncorrected = { latencyUs: percentiles(m.uncorrected), histogram: encodeHistogram(m.uncorrected) };
  if (m.schedulingLag) step.schedulingLag = { latencyUs: percentiles(m.schedulingLag), histogram: encodeHistogram(m.schedulingLag) };
  if (lg.reason) step.loadgenBoundReason = lg.reason;
  const bottleneck = attributeBottleneck({ loadgen: lg, processes, figures: input.figures, intendedRate: m.intendedRate, achievedRate: m.achievedRate });
  if (bottleneck) step.bottleneck = bottleneck;
  if (m.aborted) step.aborted = true;
  return step;
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
