// Builds a scenario script's k6 `options`: the tier preset, Little's-law VU pool, SLO thresholds and lean metric tags.
import type { Options } from 'k6/options';
import type { ScriptEnv } from './script-env.ts';
import { sloThresholds } from './slo-thresholds.ts';
import { constantTierScenario, rampingTierScenario } from './tier-scenario.ts';
import { sizeVus } from './vu-sizing.ts';

/**
 * Tags k6 attaches to every sample. `url` is left out (one value per code: huge output, no use); `status`, `error_code`,
 * `expected_response`, `scenario` and `group` are what the harness's parser reads; our own `endpoint`/`region` tags
 * are request tags, always kept.
 */
export const SYSTEM_TAGS = ['status', 'method', 'name', 'group', 'scenario', 'error_code', 'expected_response'];

/** k6 scenario names: letters, digits and '_' ("mixed_10k"). */
export function scenarioKey(script: string, tier: string): string {
  return `${script}_${tier}`.replace(/[^A-Za-z0-9_]/g, '_');
}

export function buildOptions(script: string, env: ScriptEnv, ratePerS: number, tier: string): Options {
  const key = scenarioKey(script, tier);
  const vus = sizeVus(ratePerS, env.expectedLatencyMs, env.slo.p99Ms, env.maxVus);
  const load = { ratePerS, durationS: env.durationS, vus, timeoutMs: env.timeoutMs };
  return {
    scenarios: { [key]: env.executor === 'ramping' ? rampingTierScenario(load, env.rampS) : constantTierScenario(load) },
    thresholds: sloThresholds(key, env.slo),
    discardResponseBodies: true,
    maxRedirects: 0,
    systemTags: SYSTEM_TAGS,
    summaryTrendStats: ['avg', 'min', 'med', 'p(90)', 'p(99)', 'p(99.9)', 'max', 'count'],
    setupTimeout: '5m',
    userAgent: 'scaleladder-k6',
  };
}
