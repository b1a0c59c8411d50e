// The `config` of a result: what the run was asked to do, as written by bench and read back by render, merge, plan and ladder.
import type { WorkloadConfig } from '../../loadtests/workload/workload-config.ts';
import type { DriverName, SloSpec } from './result-types.ts';

/**
 * The stage topology as recorded: every field optional (only those the stage's components use are written). The
 * results room sits below stages, so this cannot import StageTopology: harness/bench/bench-config.ts checks at compile
 * time that it is exactly Partial<StageTopology>, so a field added to or renamed in one and not the other fails tsc.
 */
export interface RecordedTopology {
  balancer?: 'nginx' | 'haproxy';
  algorithm?: 'round-robin' | 'least-connections' | 'consistent-hash' | 'power-of-two';
  appProcesses?: number;
  redisMaxmemory?: string;
  localLruSize?: number;
  shards?: number;
  clusterNodes?: number;
  clickFlushMs?: number;
  stampedeDefences?: boolean;
  readReplicas?: number;
}

/** The scale model's budgets as recorded (MachineBudgets with the scale): cores per machine, null = unconstrained. */
export interface RecordedMachines {
  default: number | null;
  byRole: Record<string, number>;
  scale: number;
}

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
  components?: string[];
  /** The stage with --with/--without, in words; absent when neither was given. */
  composition?: string;
  /** The parts of the topology the stage's components use (absent without redis, balancer or postgres). */
  topology?: RecordedTopology;
  /** The scale model's budgets and scale, or 'none' (unconstrained or external target). */
  machines: RecordedMachines | 'none';
  /** The knee search's settings, when one ran. */
  findKnee?: { probeS: number; maxRate: number };
  /** The faults injected, as given (--fault). */
  faults?: string[];
  /** Merged results only: the generator hosts whose results were merged. */
  generators?: string[];
}
