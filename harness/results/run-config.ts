// The `config` of a result: what the run was asked to do, as written by bench and read back by render, merge, plan and ladder.
import type { WorkloadConfig } from '../../loadtests/workload/workload-config.ts';
import type { MachineBudgets } from '../machines/machine-flags.ts';
import type { ComponentId } from '../stages/components.ts';
import type { StageTopology } from '../stages/stage-types.ts';
import type { DriverName, SloSpec } from './result-types.ts';

/** The stage topology as recorded: only the fields the stage's components use are written. */
export type RecordedTopology = Partial<StageTopology>;

/** One planned tier of the run (a knee probe is not a tier). */
export interface ConfigTier {
  tier: string;
  users: number | null;
  /** Intended arrival rate, req/s (merged results: the hosts' sum). */
  rate: number;
  /** How the rate was derived from the users (or that it was given). */
  derivation: string;
}

/**
 * The config of a run: every field that changes what was measured, hashed into `configHash` (so a field is added only
 * when it differs from what runs without it wrote, e.g. `autocannonMax` only when set). `result-schema.json`
 * (`definitions.config`) lists the same names (test/unit/result-schema-types.test.ts checks that they agree).
 */
export interface RunConfig {
  stage: number;
  driver: DriverName;
  /** autocannon at maximum throughput (--max); absent otherwise. */
  autocannonMax?: true;
  tiers: ConfigTier[];
  stepDurationS: number;
  warmupS: number;
  /** --connections when set, else how they were sized ("auto (Little's law)"); merged results: the hosts' sum. */
  connections: number | string;
  /** Generator threads (merged results: the hosts' sum). */
  threads: number;
  seedLinks: number;
  workload: WorkloadConfig;
  slo: SloSpec;
  timeoutMs: number;
  /** Origin of an external --target; null when the run booted its stage. */
  target: string | null;
  /** The stage's components (absent for an external target). */
  components?: ComponentId[];
  /** The stage with --with/--without, in words; absent when neither was given. */
  composition?: string;
  /** The parts of the topology the stage's components use (absent without redis, balancer or postgres). */
  topology?: RecordedTopology;
  /** The scale model's budgets and scale, or 'none' (unconstrained or external target). */
  machines: (MachineBudgets & { scale: number }) | 'none';
  /** Hottest codes primed into the stage's caches before the run (--prime); absent for a cold start or a stage without caches. */
  prime?: number;
  /** The knee search's settings, when one ran. */
  findKnee?: { probeS: number; maxRate: number };
  /** The faults injected, as given (--fault). */
  faults?: string[];
  /** Merged results only: the generator hosts whose results were merged. */
  generators?: string[];
}
