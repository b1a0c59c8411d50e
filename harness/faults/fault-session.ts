// The faults of one step: armed before it, fired at their times on the step clock, settled after it, recorded on it.
import type { WorkloadConfig } from '../../loadtests/workload/workload-config.ts';
import type { FaultRecord, StepResult } from '../results/result-types.ts';
import type { StageCounters } from '../stages/stage-types.ts';
import type { ResolvedFaultSpec } from './fault-spec.ts';
import { FAULTS } from './fault-registry.ts';
import type { Fault, FaultContext } from './fault-types.ts';

export type FaultSessionContext = Omit<FaultContext, 'elapsedMs'>;

export class FaultSession {
  readonly #faults: Fault[];
  readonly #clock: { t0: number };
  readonly #timers: NodeJS.Timeout[] = [];
  readonly #runs = new Map<Fault, Promise<void>>();
  readonly #problems = new Map<Fault, string>();

  private constructor(faults: Fault[], clock: { t0: number }) {
    this.#faults = faults;
    this.#clock = clock;
  }

  /** Arms every fault (connections, baseline reads) before the step; an impossible fault throws a UserError here. */
  static async prepare(specs: readonly ResolvedFaultSpec[], base: FaultSessionContext): Promise<FaultSession> {
    const clock = { t0: performance.now() };
    const ctx: FaultContext = { ...base, elapsedMs: () => performance.now() - clock.t0 };
    const faults: Fault[] = [];
    try {
      for (const spec of specs) faults.push(await FAULTS[spec.kind](spec, ctx));
    } catch (e) {
      for (const f of faults) await f.finish?.().catch(() => undefined);
      throw e;
    }
    return new FaultSession(faults, clock);
  }

  /** Workload changes the faults need for the step (later faults win on a clash). */
  get workload(): Partial<WorkloadConfig> {
    return Object.assign({}, ...this.#faults.map((f) => f.workload ?? {}));
  }

  /** Call right before the driver starts the step: the step clock starts now and each fault fires at its atS. */
  start(): void {
    this.#clock.t0 = performance.now();
    for (const f of this.#faults) f.begin?.();
    for (const f of this.#faults) {
      const fire = () => {
        this.#runs.set(
          f,
          f.run().catch((e: unknown) => {
            this.#problems.set(f, (e as Error)?.message ?? String(e));
          }),
        );
      };
      if (f.spec.atS <= 0) fire();
      else this.#timers.push(setTimeout(fire, f.spec.atS * 1000));
    }
  }

  /** After the driver: faults whose time never came are skipped; running ones (restarts) are awaited; then each finishes. */
  async settle(): Promise<void> {
    for (const t of this.#timers) clearTimeout(t);
    for (const f of this.#faults) {
      const run = this.#runs.get(f);
      if (run === undefined) this.#problems.set(f, 'not applied: the step ended before its time');
      else await run;
    }
    for (const f of this.#faults) await f.finish?.().catch(() => undefined);
  }

  /** The step's after-counters, corrected for processes a fault restarted. */
  adjustCounters(after: StageCounters): StageCounters {
    return this.#faults.reduce((c, f) => f.adjustCounters?.(c) ?? c, after);
  }

  /** One record per fault; one that never fired keeps its target and detail, with no outcome. */
  records(step: StepResult): FaultRecord[] {
    return this.#faults.map((f) => {
      const r = f.record(step);
      const problem = this.#problems.get(f);
      if (problem === undefined) return r;
      const fired = this.#runs.has(f);
      return { ...r, ...(fired ? {} : { events: [], outcome: {} }), notes: [...(r.notes ?? []), problem] };
    });
  }
}
