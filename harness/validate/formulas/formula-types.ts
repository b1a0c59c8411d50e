// The shape every formula kind shares: claim + context in, recomputed value (with its derivation) out.
import type { TierFile } from '../../../loadtests/workload/tiers.ts';
import type { WorkloadConfig } from '../../../loadtests/workload/workload-config.ts';
import type { Claim, ComputedValue } from '../claim-types.ts';

export interface RecomputeContext {
  /** The workload the harness drives (Zipf skew, seeded links), for the traffic-shape claims. */
  workload: WorkloadConfig;
  /** The tier file (users → rates), for the per-tier claims. */
  tiers: TierFile;
}

export interface Recomputation extends ComputedValue {
  /** False when the recomputation informs but cannot check the stated number (a claim about real traffic, a qualitative row). */
  checksStated: boolean;
  /** Input value that would make the stated number come out, when the claim names one with `solveFor`. */
  solved?: { input: string; value: number; was: number };
}

export type Formula = (claim: Claim, ctx: RecomputeContext) => Recomputation | null;
