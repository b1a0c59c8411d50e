// Says what limited a step, from measurements only: the generator, a saturated process, or a contended resource.
import type { ProcessCost } from '../results/result-types.ts';
import { parseCpuList } from '../measure/cpu-placement.ts';
import { saturations } from '../analysis/saturation.ts';

/** Utilization at or above this share of a process's CPU allowance counts as saturated. */
export const SATURATION = 0.85;

export interface LoadgenVerdict {
  bound: boolean;
  reason?: string;
}

/**
 * The generator was the limit when it fell short of the intended rate (achieved < 95 %) while its own CPU was
 * saturated (≥ 85 % of the threads it can use). Closed-model probes have no intended rate: they are loadgen-bound
 * when the generator is saturated and no target process is.
 */
export function loadgenVerdict(args: {
  intendedRate: number | null;
  achievedRate: number;
  loadgen: ProcessCost;
  /** CPU the generator can use, in cores (threads, capped by the cores it is pinned to). */
  loadgenCores: number;
  targets: ProcessCost[];
  schedulingLagP99Us?: number;
}): LoadgenVerdict {
  const cpuShare = args.loadgen.utilization / Math.max(1, args.loadgenCores);
  const saturated = cpuShare >= SATURATION;
  if (args.intendedRate !== null) {
    const short = args.achievedRate < 0.95 * args.intendedRate;
    if (short && saturated) {
      return {
        bound: true,
        reason: `generator CPU ${(cpuShare * 100).toFixed(0)} % of its ${args.loadgenCores} core(s) while achieving ${pct(args.achievedRate, args.intendedRate)} of the intended rate`,
      };
    }
    return { bound: false };
  }
  const targetSaturated = args.targets.some((p) => p.utilization >= SATURATION);
  if (saturated && !targetSaturated) {
    return { bound: true, reason: `generator CPU ${(cpuShare * 100).toFixed(0)} % while no target process was saturated` };
  }
  return { bound: false };
}

/** The most likely bottleneck of a step, or undefined when nothing was near its limit. */
export function attributeBottleneck(args: {
  loadgen: LoadgenVerdict;
  processes: ProcessCost[];
  figures: Record<string, number>;
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
  if (loopP99 !== undefined && loopP99 > 20) parts.push(`app event-loop delay p99 ${loopP99.toFixed(0)} ms`);
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
