// GET /__cdn/metrics: the stats as Prometheus text (format 0.0.4), one series per tier (label pop, role).
import type { CdnStats, TierStats } from './cdn-stats.ts';

const COUNTERS: [name: string, field: keyof TierStats, help: string][] = [
  ['requests_total', 'requests', 'Requests handled by a cache tier (control paths excluded)'],
  ['hits_total', 'hits', 'Served fresh from the store'],
  ['misses_total', 'misses', 'Served from an upstream fetch (cacheable or not)'],
  ['stale_served_total', 'stale', 'Served stale (stale-while-revalidate, stale-if-error, max-stale)'],
  ['stale_if_error_total', 'staleIfError', 'Served stale because the upstream failed'],
  ['revalidated_total', 'revalidated', 'Served after the upstream answered 304'],
  ['bypass_total', 'bypass', 'Not looked up (unsafe methods, ranges, If-Match)'],
  ['collapsed_total', 'collapsed', 'Requests that waited for another request’s fetch'],
  ['upstream_fetches_total', 'upstreamFetches', 'Fetches sent upstream (shield or origin)'],
  ['upstream_fetch_ms_total', 'upstreamFetchMs', 'Wall time of answered GET fetches upstream, ms (emulated RTT included)'],
  ['upstream_fetches_timed_total', 'upstreamFetchesTimed', 'Answered GET fetches upstream (the count behind upstream_fetch_ms_total)'],
  ['origin_fetches_total', 'originFetches', 'Fetches this tier sent to the origin itself'],
  ['revalidations_total', 'revalidations', 'Conditional fetches answered 304'],
  ['background_refreshes_total', 'backgroundRefreshes', 'stale-while-revalidate background refreshes'],
  ['upstream_errors_total', 'upstreamErrors', 'Upstream connection errors and timeouts'],
  ['bytes_served_total', 'bytesServed', 'Response body bytes served downstream'],
  ['evictions_total', 'evictions', 'Stored responses evicted to keep the byte bound'],
  ['purged_total', 'purged', 'Stored responses purged (removed or marked stale)'],
  ['invalidated_total', 'invalidated', 'Stored responses invalidated by unsafe requests'],
];

const GAUGES: [name: string, field: keyof TierStats, help: string][] = [
  ['stored_bytes', 'storedBytes', 'Bytes held by the store'],
  ['stored_objects', 'storedObjects', 'Responses held by the store'],
  ['max_bytes', 'maxBytes', 'Byte bound of the store'],
];

const esc = (v: string): string => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

export function renderCdnMetrics(s: CdnStats): string {
  const tiers: [string, TierStats][] = Object.entries(s.pops);
  if (s.shield !== null) tiers.push(['shield', s.shield]);
  const lines: string[] = [];
  const family = (name: string, type: string, help: string, rows: [labels: string, value: number][]) => {
    lines.push(`# HELP scaleladder_cdn_${name} ${help}`, `# TYPE scaleladder_cdn_${name} ${type}`);
    for (const [labels, value] of rows) lines.push(`scaleladder_cdn_${name}{${labels}} ${value}`);
  };
  const tierLabels = (pop: string, t: TierStats) => `pop="${esc(pop)}",role="${t.role}"`;
  for (const [name, field, help] of COUNTERS) family(name, 'counter', help, tiers.map(([p, t]) => [tierLabels(p, t), Number(t[field])]));
  for (const [name, field, help] of GAUGES) family(name, 'gauge', help, tiers.map(([p, t]) => [tierLabels(p, t), Number(t[field])]));
  const notStored: [string, number][] = [];
  for (const [p, t] of tiers) for (const [reason, n] of Object.entries(t.notStored)) notStored.push([`${tierLabels(p, t)},reason="${reason}"`, n ?? 0]);
  family('not_stored_total', 'counter', 'Fetched responses not stored, by reason', notStored);
  family('region_requests_total', 'counter', 'Client requests by region (x-client-region)', Object.entries(s.regions).map(([r, x]) => [`region="${esc(r)}",pop="${esc(x.pop)}"`, x.requests]));
  family('region_rtt_ms', 'gauge', 'Emulated client-edge RTT by region, ms', Object.entries(s.regions).map(([r, x]) => [`region="${esc(r)}",pop="${esc(x.pop)}"`, x.rttMs]));
  family('origin_requests_total', 'counter', 'Requests that reached the origin (all tiers, all methods)', [['', s.totals.originFetches]]);
  lines.push(`# HELP scaleladder_cdn_info The CDN emulator process`, `# TYPE scaleladder_cdn_info gauge`);
  lines.push(`scaleladder_cdn_info{pid="${s.pid}",pops="${esc(Object.keys(s.pops).join(','))}",shield="${s.shield !== null}"} 1`);
  return lines.join('\n').replace(/\{\}/g, '') + '\n';
}
