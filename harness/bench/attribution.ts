// Says what limited a step, from measurements only: the generator, a saturated process, or a contended resource.
import { cpus as osCpus } from 'node:os';
import type { ProcessCost, StepFigures, StepNoise } from '../results/result-types.ts';
import { parseCpuList } from '../measure/cpu-placement.ts';
import { saturations } from '../analysis/saturation.ts';
import { gcNote } from '../analysis/gc-note.ts';

/** Utilization at or above this share of a process's CPU allowance counts as saturated. */
export const SATURATION = 0.85;

export interface LoadgenVerdict {
  bound: boolean;
  reason?: string;
  /** Why the step's verdict cannot be pinned on the target (generator lag, noisy machine…); absent when none. */
  inconclusive?: string[];
}

/** Generator lag p99 at or above this share of the step's p99 makes the step inconclusive… */
export const LAG_MATERIAL_SHARE = 0.2;
/** …and at or above this share, generator-limited: most of the tail is the generator's own lateness. */
export const LAG_BOUND_SHARE = 0.5;
/** Lag below this (µs) is timer jitter of a healthy loop, never material. */
export const LAG_FLOOR_US = 1000;
/** CPU steal at or above this share of a CPU set's time makes a step a noisy-machine step. */
export const STEAL_MATERIAL = 0.05;
/** A process waiting for a CPU at least this share of the step, on CPUs its own stage does not fill, was preempted by others. */
export const RUN_QUEUE_MATERIAL = 0.1;

/** Pool wait p99 at or above this share of the step's p99 dominates it. */
export const POOL_WAIT_DOMINANT_SHARE = 0.5;

/**
 * The generator was the limit when it fell short of the intended rate (achieved < 95 %) while its own CPU was
 * saturated (≥ 85 % of the threads it can use), or when its own lateness (scheduling lag, measured from the schedule
 * like the latency) is most of the step's p99. Closed-model probes have no intended rate: they are loadgen-bound when
 * the generator is saturated and no target process is.
 */
export function loadgenVerdict(args: {
  intendedRate: number | null;
  achievedRate: number;
  loadgen: ProcessCost;
  /** CPU the generator can use, in cores (threads, capped by the cores it is pinned to). */
  loadgenCores: number;
  targets: ProcessCost[];
  /** p99 of the generator's scheduling lag (open model), µs. */
  schedulingLagP99Us?: number;
  /** p99 of the step's headline latency, µs. */
  latencyP99Us?: number;
  /** p99 of the wait for a pooled connection (open model), µs. */
  poolWaitP99Us?: number;
  /** p99 from the actual send (once a connection was had), µs: a fast target with a full pool is the pool's limit. */
  uncorrectedP99Us?: number;
  /** The SLO's p99 bound, µs. */
  sloP99Us?: number;
  /** The user set --connections (the flag names it in the reason). */
  connections?: number;
  /** Steal per CPU set and preemption per process during the step. */
  noise?: StepNoise;
}): LoadgenVerdict {
  const cpuShare = args.loadgen.utilization / Math.max(1, args.loadgenCores);
  const saturated = cpuShare >= SATURATION;
  const inconclusive: string[] = [];
  const withNotes = (v: LoadgenVerdict): LoadgenVerdict => (inconclusive.length ? { ...v, inconclusive } : v);
  const noisy = args.noise ? noisyMachine(args.noise, args.loadgen, args.targets) : undefined;
  if (noisy) inconclusive.push(`noisy machine: ${noisy}`);
  if (args.intendedRate !== null) {
    const short = args.achievedRate < 0.95 * args.intendedRate;
    if (short && saturated) {
      return withNotes({
        bound: true,
        reason: `generator CPU ${(cpuShare * 100).toFixed(0)} % of its ${args.loadgenCores} core(s) while achieving ${pct(args.achievedRate, args.intendedRate)} of the intended rate`,
      });
    }
    const lag = args.schedulingLagP99Us ?? 0;
    const p99 = args.latencyP99Us ?? 0;
    const poolWait = args.poolWaitP99Us ?? 0;
    const targetSaturated = args.targets.some((p) => p.utilization >= SATURATION);
    // A full pool in front of a slow (overloaded) target is the target's queue moved into the client: only when the
    // target answered within the SLO once a request had a connection is the pool itself the limit.
    const targetFast = args.uncorrectedP99Us === undefined || args.uncorrectedP99Us < (args.sloP99Us ?? Infinity);
    if (poolWait >= LAG_FLOOR_US && p99 > 0 && poolWait >= POOL_WAIT_DOMINANT_SHARE * p99 && !targetSaturated && targetFast) {
      return withNotes({
        bound: true,
        reason:
          `connection-limited on the generator side: waiting for one of ${args.connections ?? 'the'} pooled connections (p99 ` +
          `${(poolWait / 1000).toFixed(1)} ms) is ${pct(Math.min(poolWait, p99), p99)} of the step's p99 ${(p99 / 1000).toFixed(1)} ms with no target process saturated; raise --connections`,
      });
    }
    if (lag >= LAG_FLOOR_US && p99 > 0 && lag >= LAG_MATERIAL_SHARE * p99) {
      const what = `generator lag p99 ${(lag / 1000).toFixed(1)} ms is ${pct(Math.min(lag, p99), p99)} of the step's p99 ${(p99 / 1000).toFixed(1)} ms`;
      if (lag >= LAG_BOUND_SHARE * p99) return withNotes({ bound: true, reason: `${what}: the generator sent late (its own stall, not the target's)` });
      inconclusive.push(`${what} (inconclusive: generator lag)`);
    }
    return withNotes({ bound: false });
  }
  const targetSaturated = args.targets.some((p) => p.utilization >= SATURATION);
  if (saturated && !targetSaturated) {
    return withNotes({ bound: true, reason: `generator CPU ${(cpuShare * 100).toFixed(0)} % while no target process was saturated` });
  }
  return withNotes({ bound: false });
}

/**
 * Why the machine was noisy during the step, or undefined: CPU steal on a busy CPU set at or above STEAL_MATERIAL, or a
 * process waiting for a CPU at or above RUN_QUEUE_MATERIAL of the step beyond what its own stage's load explains (a
 * target behind its neighbours on a shared core, or at its machine's budget, is load, not noise).
 */
export function noisyMachine(noise: StepNoise, loadgen: ProcessCost, targets: ProcessCost[]): string | undefined {
  const parts: string[] = [];
  // Steal takes what would otherwise be idle time first: it only matters on a CPU set that was busy, where the
  // processes' own use plus the stolen share reaches saturation (a 0.1-core machine on an idle core loses nothing).
  const busyShare = (set: string): number => {
    const inSet = set === 'generator' ? [loadgen] : set === 'stage' ? targets : [loadgen, ...targets];
    const cpus = set === 'generator' ? loadgen.cpus : set === 'stage' ? targets.find((t) => t.cpus)?.cpus : undefined;
    const cores = cpus ? parseCpuList(cpus).length : Math.max(1, osCpus().length);
    return inSet.reduce((a, p) => a + p.utilization, 0) / cores;
  };
  for (const [set, share] of Object.entries(noise.steal)) {
    if (share >= STEAL_MATERIAL && busyShare(set) + share >= SATURATION) {
      parts.push(`CPU steal ${(share * 100).toFixed(0)} % of the ${set === 'machine' ? "machine's" : `${set}'s`} CPUs`);
    }
  }
  // Share of its CPU set that the stage's own processes kept busy: on a shared core a process waits behind its
  // neighbours about that often, which is the stage's load, not noise.
  const ownLoad = (p: ProcessCost): number => {
    const cores = p.cpus ? parseCpuList(p.cpus).length : Math.max(1, osCpus().length);
    const used = targets.filter((t) => (t.cpus ?? '') === (p.cpus ?? '')).reduce((a, t) => a + t.utilization, 0);
    return used / cores;
  };
  for (const p of [loadgen, ...targets]) {
    const share = noise.runQueueWaitShare[p.name] ?? 0;
    // A process at its machine's budget waits for its next quota period: load, not noise.
    const atBudget = p.budgetCores !== undefined && p.utilization >= SATURATION * p.budgetCores;
    const load = p === loadgen ? 0 : ownLoad(p);
    if (share < RUN_QUEUE_MATERIAL || (p !== loadgen && (load >= SATURATION || atBudget || share - load < RUN_QUEUE_MATERIAL))) continue;
    const ctx = noise.involuntaryCtxSwitches[p.name];
    parts.push(`${p.name} waited for a CPU ${(share * 100).toFixed(0)} % of the step${ctx !== undefined ? ` (${ctx} involuntary context switches)` : ''}`);
  }
  return parts.length ? parts.join('; ') : undefined;
}

/** The most likely bottleneck of a step, or undefined when nothing was near its limit. */
export function attributeBottleneck(args: {
  loadgen: LoadgenVerdict;
  processes: ProcessCost[];
  figures: StepFigures;
  intendedRate: number | null;
  achievedRate: number;
}): string | undefined {
  if (args.loadgen.bound) return `load generator (${args.loadgen.reason})`;
  const parts: string[] = [];
  // Each process against the CPU it may use (its machine budget, its CPU set), and its quota throttling: raw cores never count.
  const hot = saturations(args.processes).filter((s) => s.saturated);
  for (const s of hot) parts.push(`${s.name} CPU saturated (${s.detail})`);
  if (hot.length === 0) {
    // Processes pinned to one CPU set without budgets share it: together they can saturate it while none does alone.
    for (const [cpus, procs] of groupByCpuSet(args.processes.filter((p) => p.budgetCores === undefined))) {
      const used = procs.reduce((a, p) => a + p.utilization, 0);
      const cores = parseCpuList(cpus).length;
      if (used >= SATURATION * cores) {
        parts.push(`the stage's CPU ${cpus} saturated (${(used * 100).toFixed(0)} % of ${cores} core(s), shared by ${procs.map((p) => p.name).join(', ')})`);
      }
    }
  }
  // Contended resources count once they are more than noise: busy retries on over 1 % of writes, loop delay over 20 ms.
  const busy = args.figures.sqliteBusyRetries ?? 0;
  const writes = args.figures.dbWrites ?? 0;
  if (busy > 0 && busy >= 0.01 * Math.max(1, writes)) parts.push(`SQLite writer contention: ${busy} busy retries for ${writes} writes`);
  const fallbacks = args.figures.cacheFallbacks ?? 0;
  if (fallbacks > 0) parts.push(`Redis unavailable: ${fallbacks} lookups fell back to SQLite`);
  const loopP99 = args.figures.eventLoopDelayP99Ms;
  if (loopP99 !== undefined && loopP99 > 20) parts.push(`app event-loop delay p99 ${loopP99.toFixed(0)} ms${gcNote(args.figures, loopP99)}`);
  if (parts.length === 0 && args.intendedRate !== null && args.achievedRate < 0.95 * args.intendedRate) {
    parts.push(`achieved ${pct(args.achievedRate, args.intendedRate)} of the intended rate with no process saturated (connection limit or latency-bound)`);
  }
  return parts.length ? parts.join('; ') : undefined;
}

function groupByCpuSet(processes: ProcessCost[]): Map<string, ProcessCost[]> {
  const m = new Map<string, ProcessCost[]>();
  for (const p of processes) if (p.cpus) m.set(p.cpus, [...(m.get(p.cpus) ?? []), p]);
  return m;
}

function pct(a: number, b: number): string {
  return `${((a / b) * 100).toFixed(0)} %`;
}
