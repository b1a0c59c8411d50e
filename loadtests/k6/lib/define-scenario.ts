// Composes one scenario script: options (tier preset, VU pool, SLO), setup (health + codes), the VU iteration, handleSummary.
import exec from 'k6/execution';
import { SharedArray } from 'k6/data';
import type { Options } from 'k6/options';
import { RequestMix, type PlannedRequest } from '../../workload/request-mix.ts';
import { buildOptions, scenarioKey } from './scenario-options.ts';
import { parseCodesText, readScriptEnv, resolveRate } from './script-env.ts';
import { expectedCallbacks, sendPlanned, type SendOptions } from './send-request.ts';
import { summaryOutputs } from './summary-output.ts';
import { needsCodes, scenarioWorkload, segmentSalt, vuStreamId, type ScenarioName } from './scenario-workloads.ts';
import { checkTarget, seedLinks } from './target-setup.ts';

/** What the entry script hands over from k6's globals (kept out of this module so tests can stand in for them). */
export interface ScriptIo {
  env: Record<string, string | undefined>;
  /** k6's open() for CODES_FILE and TIERS_FILE (absolute paths), called in the init context only. */
  readFile: (path: string) => string;
  /** The default tiers file's text: the entry script's own open('../tiers.json'), called only when RATE is absent. */
  defaultTiers: () => string;
}

export interface SetupData {
  /** Codes seeded by setup() when no CODES_FILE was given. */
  codes?: string[];
}

export interface ScenarioScript {
  options: Options;
  setup: () => SetupData;
  iteration: (data: SetupData) => void;
  handleSummary: (data: Parameters<typeof summaryOutputs>[0]) => Record<string, string>;
}

/** Creates draw no codes; RequestMix still wants a non-empty list. */
const NO_CODES: readonly string[] = ['-'];

export function defineScenario(name: ScenarioName, io: ScriptIo): ScenarioScript {
  const env = readScriptEnv(io.env);
  const rate = resolveRate(env.tier, env.rate, () => (env.tiersFile ? io.readFile(env.tiersFile) : io.defaultTiers()));
  const workload = scenarioWorkload(name, env.workload);
  const options = buildOptions(name, env, rate.ratePerS, rate.tier);

  // SharedArray: one copy of the codes for all VUs (setup data would be copied into every VU).
  let fileCodes: readonly string[] | undefined;
  if (needsCodes(name) && env.codesFile) {
    const file = env.codesFile;
    fileCodes = new SharedArray('codes', () => parseCodesText(io.readFile(file))) as unknown as readonly string[];
    if (fileCodes.length === 0) throw new Error(`CODES_FILE=${file} holds no codes: write one code per line, hottest first`);
  }

  const send: SendOptions = { baseUrl: env.baseUrl, timeoutMs: env.timeoutMs, callbacks: expectedCallbacks() };
  // Per-VU state: every VU runs in its own JS runtime, so these belong to one VU.
  let mix: RequestMix | undefined;
  const etags = new Map<string, string>();

  function sendConditional(p: PlannedRequest): void {
    const code = p.path.slice('/api/links/'.length);
    const etag = etags.get(code);
    const res = sendPlanned(p, { ...send, headers: etag ? { 'If-None-Match': etag } : undefined, tags: { conditional: etag ? 'true' : 'false' } });
    const got = res.headers.Etag ?? res.headers.ETag;
    if (res.status === 200 && got) etags.set(code, got);
  }

  return {
    options,
    setup(): SetupData {
      checkTarget(env.baseUrl, env.healthTimeoutS);
      if (needsCodes(name) && !fileCodes) return { codes: seedLinks(env.baseUrl, env.workload.seededLinks, env.timeoutMs) };
      return {};
    },
    iteration(data: SetupData): void {
      if (!mix) {
        const codes = needsCodes(name) ? (fileCodes ?? data.codes ?? []) : NO_CODES;
        const salt = segmentSalt(exec.test.options.executionSegment);
        mix = new RequestMix({ ...workload, seed: (workload.seed + salt) >>> 0 }, codes, vuStreamId(env.streamBase, exec.vu.idInTest));
      }
      const p = mix.next();
      if (name === 'metadata-conditional') sendConditional(p);
      else sendPlanned(p, send);
    },
    handleSummary(data) {
      return summaryOutputs(data, { file: env.summaryFile, scenario: scenarioKey(name, rate.tier), tier: rate.tier, ratePerS: rate.ratePerS });
    },
  };
}
