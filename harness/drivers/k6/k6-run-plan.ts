// The exact `k6 run` command line for one step: script, JSON output, and every -e variable the scripts read.
import { join } from 'node:path';
import type { StepSpec } from '../driver-types.ts';
import type { SloSpec } from '../../results/result-types.ts';

export interface K6RunInput {
  script: string;
  workDir: string;
  spec: Pick<StepSpec, 'baseUrl' | 'rate' | 'durationS' | 'workload' | 'timeoutMs' | 'streamId'>;
  slo: SloSpec;
  expectedLatencyMs: number;
  /** Path of the codes file the driver wrote (absent for scripts that need none). */
  codesFile?: string;
  /** Gzip k6's JSON output (default true: it is ~3 KB per request uncompressed). */
  compress: boolean;
  maxVus?: number;
  /** More -e variables, e.g. { REGIONS: … } overrides (applied last). */
  extraEnv?: Record<string, string>;
}

export interface K6RunPlan {
  args: string[];
  /** The -e variables, in order (also in `args`). */
  vars: Record<string, string>;
  outputFile: string;
  summaryFile: string;
}

/** "eu=0.6,us=0.4" — the REGIONS form the scripts parse. */
export function regionsText(regions: Record<string, number>): string {
  return Object.entries(regions)
    .map(([r, w]) => `${r}=${w}`)
    .join(',');
}

export function planK6Run(i: K6RunInput): K6RunPlan {
  const step = `step-${i.spec.streamId}`;
  const outputFile = join(i.workDir, `${step}.k6.json${i.compress ? '.gz' : ''}`);
  const summaryFile = join(i.workDir, `${step}.k6-summary.json`);
  const w = i.spec.workload;
  const vars: Record<string, string> = {
    BASE_URL: i.spec.baseUrl,
    RATE: String(i.spec.rate),
    TIER: step,
    DURATION: `${i.spec.durationS}s`,
    EXECUTOR: 'constant',
    SLO_P99_MS: String(i.slo.p99Ms),
    SLO_ERROR_RATE: String(i.slo.errorRate),
    EXPECTED_LATENCY_MS: String(i.expectedLatencyMs),
    TIMEOUT_MS: String(i.spec.timeoutMs),
    ZIPF_SKEW: String(w.zipfSkew),
    READ_WRITE_RATIO: String(w.readWriteRatio),
    UNKNOWN_SHARE: String(w.unknownShare),
    METADATA_SHARE: String(w.metadataShare),
    REGIONS: regionsText(w.regions),
    SEED: String(w.seed),
    SEEDED_LINKS: String(w.seededLinks),
    STREAM_ID: String(i.spec.streamId),
    SUMMARY_FILE: summaryFile,
  };
  if (i.codesFile) vars.CODES_FILE = i.codesFile;
  if (i.maxVus !== undefined) vars.MAX_VUS = String(i.maxVus);
  Object.assign(vars, i.extraEnv);
  const args = ['run', '--quiet', '--out', `json=${outputFile}`];
  for (const [k, v] of Object.entries(vars)) args.push('-e', `${k}=${v}`);
  args.push(i.script);
  return { args, vars, outputFile, summaryFile };
}
