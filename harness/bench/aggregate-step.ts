// Pure: turns a driver's raw step measurement plus process accounting into a StepResult of the results JSON.
import { countAtOrAbove } from '../measure/histogram.ts';
import type { ProcessAccount } from '../measure/process-sampler.ts';
import type { StepMeasurement } from '../drivers/driver-types.ts';
import type { ProcessCost, SloSpec, StepFigures, StepNoise, StepResult } from '../results/result-types.ts';
import { attributeBottleneck, loadgenVerdict } from './attribution.ts';
import { countedLatencyRecord, latencyRecord, sloVerdict, stepErrorRate, type SloSamples } from '../results/step-arithmetic.ts';
import { round } from '../stats/round.ts';

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
  figures: StepFigures;
  /** Share of CPU time stolen per CPU set during the step ('generator', 'stage', or 'machine'); see harness/measure/cpu-steal.ts. */
  steal?: Record<string, number>;
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
    ...(p.involuntaryCtxSwitches !== undefined ? { involuntaryCtxSwitches: p.involuntaryCtxSwitches } : {}),
    ...(p.runQueueWaitSeconds !== undefined ? { runQueueWaitMs: round(p.runQueueWaitSeconds * 1000, 1) } : {}),
  };
}

/** Steal per CPU set and preemption per process (absent when neither was measured, e.g. off Linux). */
function noiseOf(input: AggregateInput): StepNoise | undefined {
  const all = [input.loadgen, ...input.processes];
  if (!input.steal && all.every((p) => p.runQueueWaitSeconds === undefined)) return undefined;
  const runQueueWaitShare: Record<string, number> = {};
  const involuntaryCtxSwitches: Record<string, number> = {};
  const wallS = Math.max(0.001, input.measurement.durationS);
  for (const p of all) {
    // The account's wall time is not in the input: the step's duration stands for it (utilization = cpu / wall).
    const wall = p.utilization > 0 ? p.cpuSeconds / p.utilization : wallS;
    // On a machine of the scale model, the time its quota held it back shows as run-queue wait too: that is the
    // budget doing its job, not a noisy neighbour, so only the wait beyond the throttled time counts.
    const throttledS = (p.throttle?.throttledMs ?? 0) / 1000;
    // A tree (a database's backends, nginx's workers) is judged by its most-delayed process: their waits overlap in
    // time, so their sum can exceed the step and would read as noise that is only the machine's own queue.
    const wait = p.runQueueWaitPeakSeconds ?? p.runQueueWaitSeconds;
    if (wait !== undefined) runQueueWaitShare[p.name] = round(Math.max(0, wait - throttledS) / wall, 4);
    if (p.involuntaryCtxSwitches !== undefined) involuntaryCtxSwitches[p.name] = p.involuntaryCtxSwitches;
  }
  const steal: Record<string, number> = {};
  for (const [k, v] of Object.entries(input.steal ?? {})) steal[k] = round(v, 4);
  return { steal, runQueueWaitShare, involuntaryCtxSwitches };
}

/** What the SLO's small-sample rule needs: slow successes over the bound, and failures out of attempts. */
function sloSamples(m: StepMeasurement, slo: SloSpec, errorRate: number): SloSamples {
  const attempted = Math.max(m.completed, m.sent + m.dropped);
  return { slowOverBound: countAtOrAbove(m.latency, slo.p99Ms * 1000), failed: Math.round(errorRate * attempted), attempted };
}

export function aggregateStep(input: AggregateInput): StepResult {
  const m = input.measurement;
  const errorRate = stepErrorRate(m.completed, m.dropped, m.errors);
  const processes = input.processes.map((p) => withCost(p, m.completed));
  const loadgen = withCost(input.loadgen, m.completed);
  const { latencyUs: lat, histogram } = latencyRecord(m.latency);
  const noise = noiseOf(input);
  const lg = loadgenVerdict({
    intendedRate: networkRate(m),
    achievedRate: m.achievedRate,
    loadgen,
    loadgenCores: input.loadgenCores,
    targets: processes,
    schedulingLagP99Us: m.schedulingLag && m.schedulingLag.totalCount > 0 ? m.schedulingLag.getValueAtPercentile(99) : undefined,
    latencyP99Us: lat.p99,
    poolWaitP99Us: m.poolWait && m.poolWait.totalCount > 0 ? m.poolWait.getValueAtPercentile(99) : undefined,
    connections: input.connections,
    uncorrectedP99Us: m.uncorrected && m.uncorrected.totalCount > 0 ? m.uncorrected.getValueAtPercentile(99) : undefined,
    sloP99Us: input.slo.p99Ms * 1000,
    noise,
  });
  const byEndpoint: StepResult['byEndpoint'] = {};
  for (const [ep, h] of Object.entries(m.byEndpoint)) {
    if (h.totalCount === 0) continue;
    byEndpoint[ep] = countedLatencyRecord(h);
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
    histogram,
    byEndpoint,
    ...(m.byRegion ? { byRegion: Object.fromEntries(Object.entries(m.byRegion).filter(([, h]) => h.totalCount > 0).map(([r, h]) => [r, countedLatencyRecord(h)])) } : {}),
    intervals: m.intervals,
    ...(m.timeline ? { timeline: m.timeline } : {}),
    processes,
    loadgen,
    loadgenBound: lg.bound,
    slo: sloVerdict(input.slo, lat.p99, errorRate, m.completed, sloSamples(m, input.slo, errorRate)),
    figures: input.figures,
  };
  if (m.latencyAll) step.allResponses = countedLatencyRecord(m.latencyAll);
  if (m.uncorrected) step.uncorrected = latencyRecord(m.uncorrected);
  if (m.clientCache) step.clientCache = { ...m.clientCache };
  if (m.poolWait) step.poolWait = latencyRecord(m.poolWait);
  if (m.schedulingLag) step.schedulingLag = latencyRecord(m.schedulingLag);
  if (lg.reason) step.loadgenBoundReason = lg.reason;
  if (lg.inconclusive?.length) step.inconclusive = lg.inconclusive;
  if (noise) step.noise = noise;
  if (lg.inconclusive?.some((r) => r.startsWith('noisy machine'))) step.noisyMachine = true;
  const bottleneck = attributeBottleneck({ loadgen: lg, processes, figures: input.figures, intendedRate: networkRate(m), achievedRate: m.achievedRate });
  if (bottleneck) step.bottleneck = bottleneck;
  if (m.loadLabel) step.loadLabel = m.loadLabel;
  if (m.aborted) step.aborted = true;
  return step;
}

/**
 * The rate meant to reach the network: the intended rate less the clicks emulated users' browsers answered themselves
 * (workload.users), so a browser cache doing its job is never read as a generator or target falling short.
 */
function networkRate(m: StepMeasurement): number | null {
  const c = m.clientCache;
  if (m.intendedRate === null || !c || c.browserHits === 0) return m.intendedRate;
  return m.intendedRate * (m.sent / (m.sent + c.browserHits));
}
