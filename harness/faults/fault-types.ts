// What a fault implementation gets (the booted stage, the supervisor, the step's clock) and what it gives the session.
import type { WorkloadConfig } from '../../loadtests/workload/workload-config.ts';
import type { FaultRecord, StepResult } from '../results/result-types.ts';
import type { BootedStage, StageCounters, StageTopology } from '../stages/stage-types.ts';
import type { Supervisor } from '../supervisor/supervisor.ts';
import type { ResolvedFaultSpec } from './fault-spec.ts';

export interface FaultContext {
  stage: BootedStage;
  supervisor: Supervisor;
  topology: StageTopology;
  /** Scheduled duration of the faulted step, s. */
  stepDurationS: number;
  /** ms since the step started (the clock of every `atMs`). */
  elapsedMs(): number;
  /** Aborted when the run aborts: waits end early, restarts are skipped. */
  signal: AbortSignal;
}

/** One fault armed for one step. The session calls: run() at atS, finish() after the driver, then record(). */
export interface Fault {
  readonly spec: ResolvedFaultSpec;
  /** Workload changes for the faulted step (writer-contention raises the write share). */
  readonly workload?: Partial<WorkloadConfig>;
  /** Called when the step clock starts (t = 0), before any fault fires: e.g. to start sampling counters. */
  begin?(): void;
  /** Applies the fault and its repair (restart); resolves when both are done. Problems go into the record's notes. */
  run(): Promise<void>;
  /** After the load: last counter reads, closing connections. Never throws. */
  finish?(): Promise<void>;
  /** Corrects the step's after-counters for processes restarted during it (their counters began again at 0). */
  adjustCounters?(after: StageCounters): StageCounters;
  /** What it did and what clients saw, given the aggregated step (timeline, figures). */
  record(step: StepResult): FaultRecord;
}

export type FaultFactory = (spec: ResolvedFaultSpec, ctx: FaultContext) => Promise<Fault>;
