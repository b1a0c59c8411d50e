// The JSON shape of `scaleladder ladder --json`: per stage its knee and, per tier step, the figures the table is built from.
import type { KneeResult, RunResult, StepFigures } from '../results/result-types.ts';

export interface LadderJsonTier {
  tier: string;
  targetRate: number | null;
  achievedRate: number;
  p99Ms: number;
  errorRate: number;
  sloPass: boolean;
  loadgenBound: boolean;
  figures: StepFigures;
  processes: { name: string; role: string; utilization: number; cpuMsPerRequest: number }[];
}

export interface LadderJsonStage {
  stage: number;
  /** The result file it came from. */
  file: string;
  commit: string | null;
  aborted: boolean;
  /** The result's knee as recorded (absent without --find-knee). */
  knee: KneeResult | null;
  tiers: LadderJsonTier[];
}

export interface LadderJson {
  stages: LadderJsonStage[];
}

/** One entry per result, in stage order; only tier steps (knee probes are summed up in `knee`). */
export function ladderJson(results: { file: string; result: RunResult }[]): LadderJson {
  const stages = [...results]
    .sort((a, b) => a.result.stage - b.result.stage)
    .map(({ file, result: r }) => ({
      stage: r.stage,
      file,
      commit: r.commit,
      aborted: r.aborted,
      knee: r.knee ?? null,
      tiers: r.steps
        .filter((s) => s.kind === 'tier')
        .map((s) => ({
          tier: s.tier,
          targetRate: s.targetRate,
          achievedRate: s.achievedRate,
          p99Ms: s.latencyUs.p99 / 1000,
          errorRate: s.errorRate,
          sloPass: s.slo.pass,
          loadgenBound: s.loadgenBound,
          figures: s.figures,
          processes: s.processes.map((p) => ({ name: p.name, role: p.role, utilization: p.utilization, cpuMsPerRequest: p.cpuMsPerRequest })),
        })),
    }));
  return { stages };
}
