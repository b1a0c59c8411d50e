// Types of a capacity plan: the target, every number with the formula and assumptions that drive it, per stage.
import type { SloSpec } from '../results/result-types.ts';
import type { UslFit, UslNoFit, UslPoint } from '../stats/usl-fit.ts';

export type AssumptionSource = 'measured' | 'assumed' | 'input' | 'tiers file';

export interface PlanAssumption {
  name: string;
  value: number | string;
  unit?: string;
  source: AssumptionSource;
  note?: string;
}

/** One number of the plan, with how it was computed and what it rests on. */
export interface PlanNumber {
  label: string;
  /** null when the results lack what it needs (see note). */
  value: number | null;
  unit: string;
  formula: string;
  assumptions: PlanAssumption[];
  note?: string;
}

export interface PlanTarget {
  users: number | null;
  /** Arrival rate to hold at peak (reads + writes), req/s. */
  peakRate: number;
  peakReadRate: number;
  peakWriteRate: number;
  /** Links created per day on average (drives the hot set). */
  linksPerDay: number;
  derivation: string;
  assumptions: PlanAssumption[];
}

export interface ComponentCost {
  component: string;
  cpuMsPerRequest: number;
  /** Cores this component needs at the target rate: rate × CPU-ms ÷ (1000 × usable utilization). */
  coresAtTarget: number;
}

export interface UslReport {
  basis: 'throughput vs connections (closed-model probes)' | 'capacity vs app processes (results with different process counts)';
  points: UslPoint[];
  fit: UslFit | UslNoFit;
}

export interface StagePlan {
  stage: number;
  runs: number;
  /** Highest rate one box of this stage held within the SLO. */
  capacity: PlanNumber;
  holds: boolean;
  summary: string;
  appProcesses: PlanNumber;
  components: ComponentCost[];
  redisMemory: PlanNumber;
  cdnHitRatio: PlanNumber;
  shards: PlanNumber;
  /** Stages measured on PostgreSQL (--db postgres): read replicas the target's DB lookups need. */
  readReplicas?: PlanNumber;
  usl: UslReport[];
  notes: string[];
}

export interface PlanAssumptions {
  /** Share of a core an app process may use before latency climbs (default 0.7). */
  usableUtilizationPerCore: number;
  /** Share of stored links that make up the hot set (default 0.01: "top 1 % = 90 % of traffic"). */
  hotFraction: number;
  /** Days of links kept (default 365): stored links = links per day × this. */
  retentionDays: number;
  /** Redis bytes per cached mapping when no run measured it (default 500, the seed's figure). */
  bytesPerMapping: number;
  /** Sustained writes/s one SQLite shard takes when no run measured it (default 1,000). */
  shardWriteCeiling: number;
}

export interface Plan {
  target: PlanTarget;
  slo: SloSpec;
  /** Every assumption of the plan, for the assumptions table. */
  assumptions: PlanAssumption[];
  /** The planning assumptions in effect (defaults merged with the caller's). */
  settings: PlanAssumptions;
  stages: StagePlan[];
  warnings: string[];
}
