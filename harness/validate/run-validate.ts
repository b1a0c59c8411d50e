// Entry of `scaleladder validate`: load claims, measure what this machine can, judge every claim, render a table or JSON.
import { relative } from 'node:path';
import { loadTierFile } from '../../loadtests/workload/tier-file.ts';
import { normalizeWorkload, type WorkloadConfig } from '../../loadtests/workload/workload-config.ts';
import { readResult } from '../results/read-result.ts';
import type { RunResult } from '../results/result-types.ts';
import { VERDICTS, type ValidateReport, type Verdict } from './claim-types.ts';
import { DEFAULT_CLAIMS_PATH, loadClaimsFile } from './claims-file.ts';
import { evaluateClaim } from './evaluate-claim.ts';
import { takeMeasurements, type Measurements } from './measure/take-measurements.ts';
import { renderValidateTable } from './render-validate-table.ts';
import { readLatestSummary } from '../experiments/experiment-paths.ts';

/** Options of `scaleladder validate`; every field documents its default. */
export interface ValidateOptions {
  /** Print JSON instead of the table (default false). */
  json?: boolean;
  /** Bench result files to judge the "what breaks at each stage" rows against (default none: "not measured yet"). */
  results?: string[];
  /** Take the measurements on this machine (default true; false = arithmetic only, fast). */
  measure?: boolean;
  /** Claims file, YAML or JSON (default claims/seed-claims.yaml). */
  claimsFile?: string;
  /** Tier file (default loadtests/tiers.json). */
  tiersFile?: string;
  /** Workload the traffic-shape claims are checked under (default: the harness's default workload). */
  workload?: Partial<WorkloadConfig>;
  /** Mappings loaded into Redis and SQLite and codes placed on the rings (default 100,000). */
  mappings?: number;
  /** Timed lookups per store (default 5,000). */
  lookups?: number;
  /** Folder for redis logs and the SQLite file (default: a temp folder, removed afterwards). */
  runDir?: string;
  /** Root of run outputs whose experiments/<name>/latest.json answer the experiment claims (default 'results'). */
  experimentsResultsDir?: string;
  /** Reads one results file (default harness/results/read-result.ts). */
  readResult?: (path: string) => RunResult;
}

export interface ValidateOutcome {
  output: string;
  report: ValidateReport;
  exitCode: number;
}

const CAVEATS = [
  'Stage 1 stores links in SQLite inside the app process: its lookups cost microseconds, not the 40 ms of a networked database under load the article assumes, so the Redis comparison here is loopback TCP vs in-process.',
  'Redis figures come from this machine\'s redis-server (jemalloc, 64-bit); Instagram\'s 2011 numbers were measured on Redis 2.x with zipmap encoding.',
];

export async function runValidate(opts: ValidateOptions = {}): Promise<ValidateOutcome> {
  const { json = false, results: resultPaths = [], measure = true, claimsFile = DEFAULT_CLAIMS_PATH, tiersFile, mappings, lookups, runDir } = opts;
  const read = opts.readResult ?? readResult;
  const claims = loadClaimsFile(claimsFile).claims;
  const workload = normalizeWorkload(opts.workload);
  const tiers = loadTierFile(tiersFile);
  const results = resultPaths.map((path) => ({ path, result: read(path) }));

  let measurements: Measurements | undefined;
  if (measure) measurements = await takeMeasurements({ claims, workload, mappings, lookups, runDir });

  const experimentsDir = opts.experimentsResultsDir ?? 'results';
  const ctx = { workload, tiers, measurements, results, experimentSummary: (name: string) => readLatestSummary(experimentsDir, name) };
  const rows = claims.map((c) => evaluateClaim(c, ctx));
  const counts = Object.fromEntries(VERDICTS.map((v) => [v, rows.filter((r) => r.verdict === v).length])) as Record<Verdict, number>;
  const caveats = [...CAVEATS];
  for (const [what, why] of Object.entries(measurements?.errors ?? {})) caveats.push(`${what} measurement failed: ${why}`);

  const report: ValidateReport = {
    schema: 'scaleladder/validate@1',
    generatedAt: new Date().toISOString(),
    claimsFile: relative(process.cwd(), claimsFile) || claimsFile,
    measured: measurements !== undefined,
    results: resultPaths,
    measurementEnv: measurements
      ? {
          elapsed: `${(measurements.elapsedMs / 1000).toFixed(1)} s`,
          redisVersion: measurements.redis?.version ?? null,
          ...(measurements.postgres ? { postgresVersion: measurements.postgres.version } : {}),
          mappings: mappings ?? 100_000,
          lookups: lookups ?? 5_000,
          workload: { zipfSkew: workload.zipfSkew, seededLinks: workload.seededLinks },
          redisConfig: measurements.redis?.memory?.config ?? null,
        }
      : {},
    claims: rows,
    counts,
    caveats,
  };
  const output = json ? `${JSON.stringify(report, null, 2)}\n` : renderValidateTable(report);
  return { output, report, exitCode: 0 };
}
