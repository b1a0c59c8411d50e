// `scaleladder k6 export`: one YAML file with a ConfigMap (script + lib + workload modules) and a k6-operator TestRun.
//
// How the load is split: k6-operator gives each of the N runner pods an equal execution segment
// (`--execution-segment i/N:(i+1)/N` with the sequence 0,1/N,…,1) and implements no distribution of its own; k6 scales
// an arrival-rate scenario's rate, preAllocatedVUs and maxVUs by the segment, so the N runners together drive the tier's
// rate (k6-operator maintainers, grafana/k6-operator#209; docs "Configure the TestRun CRD": "each instance is assigned
// an equal execution segment"). setup() runs in every runner (grafana/k6-operator#223): each checks /healthz, and
// without a codes file each seeds its own links — bundle one with `codesFile` so all runners share one popularity order.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { stringify } from 'yaml';
import { UserError } from '../errors/user-error.ts';
import type { SloSpec } from '../results/result-types.ts';
import { resolveK6Script } from '../drivers/k6/k6-driver.ts';
import { regionsText } from '../drivers/k6/k6-run-plan.ts';
import { formatCodesText, parseCodesText } from '../../loadtests/k6/lib/script-env.ts';
import { toK6Rate } from '../../loadtests/k6/lib/scenario-options.ts';
import { DEFAULT_TIERS_PATH, loadTierFile } from '../../loadtests/workload/tier-file.ts';
import { selectTiers, type TierRate } from '../../loadtests/workload/tiers.ts';
import { normalizeWorkload, type WorkloadConfig } from '../../loadtests/workload/workload-config.ts';
import { bundleScript } from './script-bundle.ts';
import { CONFIGMAP_LIMIT_BYTES, K6_OPERATOR_SCRIPT_DIR, k8sName, testRunObjects } from './testrun-manifest.ts';

export interface K6ExportOptions {
  /** Scenario script: a name of loadtests/k6 ('mixed', 'redirect-only', …) or a path. */
  script: string;
  /** Tier name of the tiers file, e.g. '100k'; its peak rate is the total over all runners. */
  tier: string;
  /** Number of k6 runner pods (1..1000). */
  parallelism: number;
  /** Output YAML path. */
  out: string;
  /** Target as the runner pods reach it (default http://scaleladder-target:8080: edit it or pass yours). */
  baseUrl?: string;
  /** Tiers file (default loadtests/tiers.json). */
  tiersFile?: string;
  /** How long the tier's rate is held (default 60 s). */
  durationS?: number;
  /** SLO thresholds (default p99 100 ms, errors 0.1 %). */
  slo?: SloSpec;
  workload?: Partial<WorkloadConfig>;
  /** Seeded codes, one per line, hottest first: bundled as codes.txt and shared by every runner. */
  codesFile?: string;
  /** metadata.name of the TestRun (default scaleladder-<script>-<tier>). */
  name?: string;
  namespace?: string;
  /** Runner image (default grafana/k6:latest; k6 >= 0.57 runs the .ts scripts natively). */
  image?: string;
}

export interface K6ExportResult {
  out: string;
  testRunName: string;
  configMapName: string;
  /** ConfigMap keys: entry script, lib, workload modules (and codes.txt). */
  files: string[];
  configMapBytes: number;
  tier: TierRate;
  /** Arrival rate of each runner (tier rate / parallelism). */
  perRunnerRate: number;
  yaml: string;
}

export const DEFAULT_EXPORT_BASE_URL = 'http://scaleladder-target:8080';

function tierOf(tiersFile: string, tier: string): TierRate {
  try {
    return selectTiers(loadTierFile(tiersFile), [tier])[0];
  } catch (e) {
    throw new UserError(`k6 export: ${(e as Error).message}`);
  }
}

export function exportK6TestRun(opts: K6ExportOptions): K6ExportResult {
  const { parallelism, durationS = 60, slo = { p99Ms: 100, errorRate: 0.001 }, image = 'grafana/k6:latest' } = opts;
  if (!Number.isInteger(parallelism) || parallelism < 1 || parallelism > 1000) {
    throw new UserError(`--parallelism must be a whole number between 1 and 1000 (got ${parallelism})`);
  }
  if (!(durationS > 0)) throw new UserError(`k6 export: duration must be > 0 s (got ${durationS})`);
  const baseUrl = (opts.baseUrl ?? DEFAULT_EXPORT_BASE_URL).replace(/\/+$/, '');
  if (!/^https?:\/\/\S+$/.test(baseUrl)) throw new UserError(`--base-url must be an http(s) URL the runner pods can reach (got "${opts.baseUrl}")`);
  const scriptPath = resolveK6Script(opts.script);
  const scriptName = basename(scriptPath).replace(/\.(ts|js)$/, '');
  const tier = tierOf(opts.tiersFile ?? DEFAULT_TIERS_PATH, opts.tier);
  let workload: WorkloadConfig;
  try {
    workload = normalizeWorkload(opts.workload);
  } catch (e) {
    throw new UserError(`k6 export: ${(e as Error).message}`);
  }
  const bundle = bundleScript(scriptPath);
  const files = { ...bundle.files };
  const vars: Record<string, string> = {
    BASE_URL: baseUrl,
    RATE: String(tier.peakRate),
    TIER: tier.name,
    DURATION: `${durationS}s`,
    EXECUTOR: 'constant',
    SLO_P99_MS: String(slo.p99Ms),
    SLO_ERROR_RATE: String(slo.errorRate),
    ZIPF_SKEW: String(workload.zipfSkew),
    READ_WRITE_RATIO: String(workload.readWriteRatio),
    UNKNOWN_SHARE: String(workload.unknownShare),
    METADATA_SHARE: String(workload.metadataShare),
    SEED: String(workload.seed),
    SEEDED_LINKS: String(workload.seededLinks),
    SUMMARY_FILE: '/tmp/k6-summary.json',
    HEALTH_TIMEOUT: '60s',
  };
  const regions = regionsText(workload.regions);
  if (regions !== '') vars.REGIONS = regions;
  if (opts.codesFile) {
    let codes: string[];
    try {
      codes = parseCodesText(readFileSync(opts.codesFile, 'utf8'));
    } catch (e) {
      throw new UserError(`k6 export: cannot read codes file ${opts.codesFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    if (codes.length === 0) throw new UserError(`k6 export: codes file ${opts.codesFile} holds no codes (one per line, hottest first)`);
    files['codes.txt'] = formatCodesText(codes);
    vars.CODES_FILE = `${K6_OPERATOR_SCRIPT_DIR}/codes.txt`;
  }
  for (const [k, v] of Object.entries(vars)) {
    if (/[\s'"]/.test(v)) throw new UserError(`k6 export: ${k}="${v}" holds whitespace or quotes, which spec.arguments cannot carry; choose another value`);
  }
  const configMapBytes = Object.entries(files).reduce((a, [k, v]) => a + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
  if (configMapBytes > CONFIGMAP_LIMIT_BYTES) {
    throw new UserError(
      `k6 export: the ConfigMap would hold ${configMapBytes} bytes, over Kubernetes' 1 MiB: bundle fewer codes (--codes) or serve the script from a volumeClaim`,
    );
  }
  const name = k8sName(opts.name ?? `scaleladder-${scriptName}-${tier.name}`);
  const { configMap, testRun } = testRunObjects({ name, namespace: opts.namespace, parallelism, files, entry: bundle.entry, vars, image });
  const perRunnerRate = tier.peakRate / parallelism;
  const per = toK6Rate(tier.peakRate);
  const header = [
    `# scaleladder k6-operator run: ${scriptName} at tier ${tier.name} = ${tier.peakRate.toFixed(1)} req/s in total (${tier.derivation}).`,
    `# k6-operator gives each of the ${parallelism} runner(s) an equal execution segment; k6 scales the arrival rate`,
    `# (${per.rate} per ${per.timeUnit}) and the VU pool by it: ${perRunnerRate.toFixed(2)} req/s per runner.`,
    `# setup() runs in every runner (k6-operator#223)${opts.codesFile ? '; all runners share the bundled codes.txt.' : ': without a codes file each runner seeds its own links.'}`,
    `# BASE_URL=${baseUrl} must be reachable from the runner pods. Apply: kubectl apply -f ${basename(opts.out)}`,
  ].join('\n');
  const yaml = `${header}\n---\n${stringify(configMap, { lineWidth: 0 })}---\n${stringify(testRun, { lineWidth: 0 })}`;
  const out = resolve(opts.out);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, yaml);
  return { out, testRunName: name, configMapName: `${name}-script`, files: Object.keys(files), configMapBytes, tier, perRunnerRate, yaml };
}
