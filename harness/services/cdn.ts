// Launch spec of the CDN emulator (targets/cdn/cdn-server.ts) in front of an origin, and a reader of its counters.
import { request } from 'undici';
import { cdnServerArgs, type CdnLaunchOptions } from '../../targets/cdn/cdn-launch-args.ts';
import { parsePromText, sumMetric } from '../measure/prom-text.ts';
import type { StepFigures } from '../measure/step-figures.ts';
import { nodeTsCommand } from './node-ts-command.ts';
import type { ServiceSpec } from '../supervisor/service-spec.ts';
import { Wait } from '../supervisor/wait.ts';

export function cdnSpec(o: CdnLaunchOptions & { cpus?: string }): ServiceSpec {
  const cmd = nodeTsCommand('targets/cdn/cdn-server.ts', cdnServerArgs(o));
  return {
    name: 'cdn',
    role: 'cdn',
    command: cmd.command,
    args: cmd.args,
    cpus: o.cpus,
    ...(o.port ? { port: o.port } : {}),
    ready: Wait.forLogLine(/scaleladder-cdn listening on (http:\/\/\S+)/),
    readyTimeoutMs: 20_000,
  };
}

/** Edge-tier counters summed over PoPs, and origin requests, from GET /__cdn/metrics. */
export async function readCdnCounters(cdnUrl: string): Promise<Record<string, number>> {
  const res = await request(new URL('/__cdn/metrics', cdnUrl), { headersTimeout: 5000, bodyTimeout: 5000 });
  const s = parsePromText(await res.body.text());
  const edge = { role: 'edge' };
  return {
    cdnRequests: sumMetric(s, 'scaleladder_cdn_requests_total', edge),
    cdnHits: sumMetric(s, 'scaleladder_cdn_hits_total', edge),
    cdnStale: sumMetric(s, 'scaleladder_cdn_stale_served_total', edge),
    cdnStaleIfError: sumMetric(s, 'scaleladder_cdn_stale_if_error_total', edge),
    cdnUpstreamErrors: sumMetric(s, 'scaleladder_cdn_upstream_errors_total'),
    cdnBypass: sumMetric(s, 'scaleladder_cdn_bypass_total', edge),
    cdnCollapsed: sumMetric(s, 'scaleladder_cdn_collapsed_total'),
    cdnEvictions: sumMetric(s, 'scaleladder_cdn_evictions_total'),
    cdnOriginRequests: sumMetric(s, 'scaleladder_cdn_origin_requests_total'),
    cdnEdgeFetchMs: sumMetric(s, 'scaleladder_cdn_upstream_fetch_ms_total', edge),
    cdnEdgeFetchesTimed: sumMetric(s, 'scaleladder_cdn_upstream_fetches_timed_total', edge),
  };
}

/**
 * CDN figures of one step: edge hit ratio (fresh + stale over cacheable lookups), origin requests per client request,
 * the raw edge and origin request counts, and the PoP miss latency (mean wall time of a PoP's GET fetch upstream, to the
 * shield or the origin, emulated RTT included).
 */
export function cdnFigures(before: Record<string, number>, after: Record<string, number>): StepFigures {
  const d = (k: string) => (after[k] ?? 0) - (before[k] ?? 0);
  const lookups = d('cdnRequests') - d('cdnBypass');
  const r = (v: number) => Math.round(v * 1000) / 1000;
  return {
    cdnHitRatio: lookups > 0 ? r((d('cdnHits') + d('cdnStale')) / lookups) : 0,
    originRequestsPerRequest: d('cdnRequests') > 0 ? r(d('cdnOriginRequests') / d('cdnRequests')) : 0,
    cdnCollapsed: d('cdnCollapsed'),
    cdnEvictions: d('cdnEvictions'),
    cdnRequests: d('cdnRequests'),
    cdnOriginRequests: d('cdnOriginRequests'),
    ...(d('cdnEdgeFetchesTimed') > 0 ? { popMissLatencyMs: r(d('cdnEdgeFetchMs') / d('cdnEdgeFetchesTimed')) } : {}),
  };
}
