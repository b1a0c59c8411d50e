// Types of the claims file (the seed's back-of-envelope numbers) and of the validate report built from it.

/** Formula kinds a claim can name; each has its own recomputation in formulas/. */
export type FormulaKind =
  | 'rate'
  | 'product'
  | 'power'
  | 'exhaustion-years'
  | 'reduction'
  | 'mod-n-moved'
  | 'consistent-moved'
  | 'zipf-top-share'
  | 'tier-rate'
  | 'tier-stage'
  | 'none';

export const FORMULA_KINDS: readonly FormulaKind[] = [
  'rate',
  'product',
  'power',
  'exhaustion-years',
  'reduction',
  'mod-n-moved',
  'consistent-moved',
  'zipf-top-share',
  'tier-rate',
  'tier-stage',
  'none',
];

/** Which measurement (if any) can check a claim on this machine. */
export type MeasurementKey =
  | 'keys-moved-mod-n'
  | 'keys-moved-consistent'
  | 'zipf-top-share'
  | 'redis-get-latency'
  | 'sqlite-lookup-latency'
  | 'redis-vs-sqlite-speedup'
  | 'redis-bytes-int-plain'
  | 'redis-bytes-int-bucketed'
  | 'redis-reduction-int'
  | 'hot-cache-bytes'
  | 'sqlite-bytes-per-link'
  | 'pg-lookup-latency'
  | 'pg-lookup-latency-at-knee'
  | 'pg-replica-reads-per-s'
  | 'tier-stage'
  /** The latest summary of the experiment named by inputs.experiment (results/experiments/<name>/latest.json). */
  | 'experiment';

export const MEASUREMENT_KEYS: readonly MeasurementKey[] = [
  'keys-moved-mod-n',
  'keys-moved-consistent',
  'zipf-top-share',
  'redis-get-latency',
  'sqlite-lookup-latency',
  'redis-vs-sqlite-speedup',
  'redis-bytes-int-plain',
  'redis-bytes-int-bucketed',
  'redis-reduction-int',
  'hot-cache-bytes',
  'sqlite-bytes-per-link',
  'pg-lookup-latency',
  'pg-lookup-latency-at-knee',
  'pg-replica-reads-per-s',
  'tier-stage',
  'experiment',
];

/** How a measured value is compared with the stated one. */
export type CheckKind = 'within' | 'at-most' | 'at-least';

export interface Tolerance {
  /** Relative tolerance (0.1 = 10 %) against the stated value. */
  rel?: number;
  /** Absolute tolerance in the claim's unit. */
  abs?: number;
}

export interface StatedValue {
  /** The number as the article states it, in base units (bytes, req/s, µs, fraction); null for qualitative rows. */
  value: number | null;
  unit: string;
  /** The article's own words for it, e.g. "~3 TB before replication". */
  text: string;
}

/** One claim as written in claims/seed-claims.yaml. */
export interface Claim {
  id: string;
  /** Seed table (or section) the claim comes from. */
  table: string;
  row: string;
  /** What the article says, quoted or close to it. */
  text: string;
  stated: StatedValue;
  formula: FormulaKind;
  /** Formula inputs; each formula kind documents the names it reads. */
  inputs: Record<string, unknown>;
  /** Tolerance of the arithmetic check (default rel 0.1 for approximate "~" numbers). */
  tolerance?: Tolerance;
  measure?: { key: MeasurementKey; check: CheckKind; tolerance?: Tolerance };
  /** Free text shown with the verdict (assumptions, provenance). */
  note?: string;
}

export interface ClaimsFile {
  version: number;
  claims: Claim[];
}

export type Verdict =
  | 'holds'
  | 'arithmetic does not hold'
  | 'contradicted by measurement'
  | 'not measurable here'
  /** Measurable on this machine, but no measurement was taken (measure: false, or no results files given). */
  | 'not measured yet';

export const VERDICTS: readonly Verdict[] = [
  'holds',
  'arithmetic does not hold',
  'contradicted by measurement',
  'not measurable here',
  'not measured yet',
];

export interface ComputedValue {
  value: number | null;
  unit: string;
  /** The number with its derivation, e.g. "100,000,000 / (30 × 86,400) = 38.6 writes/s". */
  text: string;
  /** Extra numbers behind it (e.g. the skew needed for a share), for JSON readers. */
  details?: Record<string, unknown>;
}

export interface ClaimResult {
  id: string;
  table: string;
  row: string;
  text: string;
  stated: StatedValue;
  recomputed: ComputedValue | null;
  measured: ComputedValue | null;
  verdict: Verdict;
  /** Why the verdict, with the numbers. */
  reason: string;
  note?: string;
}

export interface ValidateReport {
  schema: 'scaleladder/validate@1';
  generatedAt: string;
  claimsFile: string;
  /** Whether measurements were taken on this machine. */
  measured: boolean;
  /** Result files the tier/stage claims were checked against. */
  results: string[];
  /** Versions and sizes behind the measurements, e.g. redis-server version, N mappings. */
  measurementEnv: Record<string, unknown>;
  claims: ClaimResult[];
  counts: Record<Verdict, number>;
  /** Things left to do or measured differently than the article assumes. */
  caveats: string[];
}
