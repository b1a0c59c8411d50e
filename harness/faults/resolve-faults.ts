// Pure: checks the faults of a bench run against its stage, step and driver, and fills their timing defaults.
import { UserError } from '../errors/user-error.ts';
import type { ComponentId } from '../stages/components.ts';
import { composeStage } from '../stages/stage-definitions.ts';
import { FAULT_CATALOG, faultFits, formatFaultSpec, parseFaultSpec, stagesFor, type FaultSpec, type ResolvedFaultSpec } from './fault-spec.ts';

export interface FaultRunShape {
  stage: number;
  /** What the run's stage has (its composition; default: the stage's own parts). */
  has?: (c: ComponentId) => boolean;
  stepDurationS: number;
  driver: string;
  /** Set when the run drives an external deployment (nothing of ours to kill). */
  target?: string;
}

/** Default start: a quarter into the step (a baseline before, room to recover after). */
export const defaultAtS = (stepDurationS: number): number => Math.round(stepDurationS * 0.25 * 10) / 10;
/** Default outage: 2 s, but at most 40 % of the step. */
export const defaultForS = (stepDurationS: number): number => Math.min(2, Math.round(stepDurationS * 0.4 * 10) / 10);

/** Every problem is a one-line UserError naming the fault and what to change. */
export function resolveFaults(input: readonly (FaultSpec | string)[], run: FaultRunShape): ResolvedFaultSpec[] {
  if (input.length === 0) return [];
  const specs = input.map((f) => {
    if (typeof f !== 'string') return f;
    try {
      return parseFaultSpec(f);
    } catch (e) {
      throw new UserError(`--fault: ${(e as Error).message}`);
    }
  });
  if (run.target) throw new UserError(`--fault needs a stage this run boots: it cannot inject faults into --target ${run.target}`);
  if (run.driver === 'k6') throw new UserError('--fault needs --driver open or autocannon (their per-second timeline measures the impact); k6 has none');
  const seen = new Set<string>();
  return specs.map((s) => {
    const info = FAULT_CATALOG[s.kind];
    const name = formatFaultSpec(s);
    if (info === undefined) throw new UserError(`--fault: unknown fault "${String(s.kind)}"`);
    if (seen.has(s.kind)) throw new UserError(`--fault ${s.kind} is given twice: each fault once per run`);
    seen.add(s.kind);
    if (!faultFits(s.kind, run.has ?? composeStage(run.stage).has)) {
      throw new UserError(`--fault ${s.kind} needs ${info.needs}: stage ${stagesFor(s.kind)} can take it, this run is stage ${run.stage}`);
    }
    if (!info.timed) {
      if (s.atS !== undefined || s.forS !== undefined) throw new UserError(`--fault ${name}: ${s.kind} covers the whole step; give it without @ or +`);
      return { kind: s.kind, atS: 0, forS: run.stepDurationS };
    }
    const atS = s.atS ?? defaultAtS(run.stepDurationS);
    const forS = s.forS ?? defaultForS(run.stepDurationS);
    if (!(forS > 0)) throw new UserError(`--fault ${name}: +for must be more than 0 s`);
    if (!(atS >= 0 && atS + forS < run.stepDurationS)) {
      throw new UserError(
        `--fault ${name}: it must end inside the ${run.stepDurationS} s step to see the recovery (at ${atS} s + for ${forS} s); lengthen --step-duration or move it`,
      );
    }
    return { kind: s.kind, atS, forS };
  });
}
