// What a k6 script reads from outside, once, with defaults: __ENV (bad values rejected with the variable's name), the rate, the codes file.
import { normalizeWorkload, type WorkloadConfig } from '../../workload/workload-config.ts';
import { parseDurationS } from '../../workload/text-units.ts';
import { selectTiers, validateTierFile } from '../../workload/tiers.ts';

export type ExecutorPreset = 'constant' | 'ramping';

/** Everything a scenario script reads from `-e NAME=value`. */
export interface ScriptEnv {
  /** BASE_URL (required): entry URL of the stage, e.g. http://127.0.0.1:41234. */
  baseUrl: string;
  /** TIER: tier name from the tiers file (default '1k'); only a label when RATE is set. */
  tier: string;
  /** RATE: arrival rate in requests/s; overrides the tier's rate (the harness always sets it). */
  rate?: number;
  /** TIERS_FILE: absolute path of the tiers file (default loadtests/tiers.json beside the scripts). */
  tiersFile?: string;
  /** DURATION: how long the tier's rate is held (default 30s). */
  durationS: number;
  /** EXECUTOR: 'constant' (constant-arrival-rate, default) or 'ramping' (ramping-arrival-rate: ramp, then hold). */
  executor: ExecutorPreset;
  /** RAMP: ramp-up time of the 'ramping' preset (default 10s). */
  rampS: number;
  /** SLO_P99_MS (default 100) and SLO_ERROR_RATE (default 0.001): become the thresholds. */
  slo: { p99Ms: number; errorRate: number };
  /** EXPECTED_LATENCY_MS: typical response time the VU pool is sized for by Little's law (default 10). */
  expectedLatencyMs: number;
  /** MAX_VUS: hard cap on maxVUs (default: none, Little's law decides). */
  maxVus?: number;
  /** TIMEOUT_MS: per-request timeout (default 10000). */
  timeoutMs: number;
  /** ZIPF_SKEW, READ_WRITE_RATIO, UNKNOWN_SHARE, METADATA_SHARE, REGIONS ("eu=0.6,us=0.4"), SEED, and SEEDED_LINKS (how many links setup() creates when there is no CODES_FILE). */
  workload: WorkloadConfig;
  /** CODES_FILE: absolute path of the seeded codes, one per line, hottest first (written by the harness); all are drawn from. */
  codesFile?: string;
  /** STREAM_ID: the harness's step stream; each VU draws stream STREAM_ID * 10000 + its VU id (default 0). */
  streamBase: number;
  /** SUMMARY_FILE: where handleSummary writes k6's end-of-test JSON (default k6-summary.json). */
  summaryFile: string;
  /** HEALTH_TIMEOUT: how long setup() waits for /healthz to answer 200 (default 10s). */
  healthTimeoutS: number;
}

type Env = Record<string, string | undefined>;

function num(env: Env, name: string, fallback: number, rule: (v: number) => boolean, ruleText: string): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const v = Number(raw);
  if (!rule(v)) throw new Error(`${name}=${raw} is not valid: it must be ${ruleText}`);
  return v;
}

function optionalNum(env: Env, name: string, rule: (v: number) => boolean, ruleText: string): number | undefined {
  const raw = env[name];
  return raw === undefined || raw === '' ? undefined : num(env, name, 0, rule, ruleText);
}

/** Seconds in the duration variable `name` (fallback when unset); the error names the variable. */
function duration(env: Env, name: string, fallback: string): number {
  const raw = env[name] ?? fallback;
  try {
    return parseDurationS(raw);
  } catch (e) {
    throw new Error(`${name}=${(e as Error).message}`);
  }
}

/** "eu=0.6,us=0.3,ap=0.1" → { eu: 0.6, us: 0.3, ap: 0.1 }. */
export function parseRegions(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of text.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const m = /^([A-Za-z0-9_.-]+)=(\d+(?:\.\d+)?)$/.exec(part);
    if (!m) throw new Error(`REGIONS="${text}" is not valid: use name=weight pairs, e.g. REGIONS=eu=0.6,us=0.4`);
    out[m[1]] = Number(m[2]);
  }
  return out;
}

export function readScriptEnv(env: Env): ScriptEnv {
  const baseUrl = (env.BASE_URL ?? '').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(baseUrl)) {
    throw new Error(`BASE_URL is ${env.BASE_URL === undefined ? 'not set' : `"${env.BASE_URL}", not an http(s) URL`}: run k6 with -e BASE_URL=http://host:port`);
  }
  const executor = (env.EXECUTOR ?? 'constant') as ExecutorPreset;
  if (executor !== 'constant' && executor !== 'ramping') throw new Error(`EXECUTOR=${env.EXECUTOR} is not valid: use constant or ramping`);
  const positive = (v: number) => Number.isFinite(v) && v > 0;
  const fraction = (v: number) => v >= 0 && v <= 1;
  const nonNegative = (v: number) => v >= 0;
  const intAtLeast1 = (v: number) => Number.isInteger(v) && v >= 1;
  const workload: WorkloadConfig = normalizeWorkload({
    zipfSkew: num(env, 'ZIPF_SKEW', 1.0, nonNegative, 'a number >= 0'),
    readWriteRatio: num(env, 'READ_WRITE_RATIO', 100, nonNegative, 'a number >= 0 (Infinity for reads only)'),
    unknownShare: num(env, 'UNKNOWN_SHARE', 0.01, fraction, 'between 0 and 1'),
    metadataShare: num(env, 'METADATA_SHARE', 0, fraction, 'between 0 and 1'),
    regions: parseRegions(env.REGIONS ?? ''),
    seed: num(env, 'SEED', 1, (v) => Number.isInteger(v) && v >= 0, 'a whole number >= 0'),
    seededLinks: num(env, 'SEEDED_LINKS', 10_000, intAtLeast1, 'a whole number >= 1'),
  });
  return {
    baseUrl,
    tier: env.TIER && env.TIER !== '' ? env.TIER : '1k',
    rate: optionalNum(env, 'RATE', positive, 'a number of requests/s > 0'),
    tiersFile: env.TIERS_FILE || undefined,
    durationS: duration(env, 'DURATION', '30s'),
    executor,
    rampS: duration(env, 'RAMP', '10s'),
    slo: {
      p99Ms: num(env, 'SLO_P99_MS', 100, positive, 'a number of ms > 0'),
      errorRate: num(env, 'SLO_ERROR_RATE', 0.001, fraction, 'a fraction between 0 and 1'),
    },
    expectedLatencyMs: num(env, 'EXPECTED_LATENCY_MS', 10, positive, 'a number of ms > 0'),
    maxVus: optionalNum(env, 'MAX_VUS', intAtLeast1, 'a whole number >= 1'),
    timeoutMs: num(env, 'TIMEOUT_MS', 10_000, positive, 'a number of ms > 0'),
    workload,
    codesFile: env.CODES_FILE || undefined,
    streamBase: num(env, 'STREAM_ID', 0, (v) => Number.isInteger(v) && v >= 0, 'a whole number >= 0'),
    summaryFile: env.SUMMARY_FILE || 'k6-summary.json',
    healthTimeoutS: duration(env, 'HEALTH_TIMEOUT', '10s'),
  };
}

export interface ResolvedRate {
  ratePerS: number;
  tier: string;
  /** How the rate was arrived at (tier derivation, or "RATE=…"). */
  derivation: string;
}

/**
 * `readTiers` is called only when RATE is absent; it returns the tiers file's text (k6: `open()` in the init context).
 * Unknown tier names throw, listing the known ones.
 */
export function resolveRate(tier: string, rate: number | undefined, readTiers: () => string): ResolvedRate {
  if (rate !== undefined) return { ratePerS: rate, tier, derivation: `RATE=${rate} req/s` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readTiers());
  } catch (e) {
    throw new Error(`tiers file is not valid JSON (${(e as Error).message}): fix it or pass -e RATE=<req/s>`);
  }
  const [t] = selectTiers(validateTierFile(parsed), [tier]);
  return { ratePerS: t.peakRate, tier: t.name, derivation: t.derivation };
}

/** Codes from the file's text, blank lines and '#' comments skipped, at most `limit` of them. */
export function parseCodesText(text: string, limit = Infinity): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const code = line.trim();
    if (code === '' || code.startsWith('#')) continue;
    out.push(code);
    if (out.length >= limit) break;
  }
  return out;
}

export function formatCodesText(codes: readonly string[]): string {
  return codes.length === 0 ? '' : `${codes.join('\n')}\n`;
}
