// The SLO as k6 thresholds (p99 latency and failed-request rate), scoped to the load scenario so setup() never counts.
import type { Threshold } from 'k6/options';

export interface Slo {
  p99Ms: number;
  errorRate: number;
}

/** e.g. { 'http_req_duration{scenario:mixed_10k}': ['p(99)<100'], 'http_req_failed{scenario:mixed_10k}': ['rate<0.001'] }. */
export function sloThresholds(scenarioKey: string, slo: Slo): Record<string, Threshold[]> {
  return {
    [`http_req_duration{scenario:${scenarioKey}}`]: [`p(99)<${slo.p99Ms}`],
    [`http_req_failed{scenario:${scenarioKey}}`]: [`rate<${slo.errorRate}`],
  };
}
