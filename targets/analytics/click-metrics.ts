// Prometheus families of the click sink: pending clicks (what a crash would lose now), flushes, clicks flushed, cache writes.
import type { ClickSinkStats } from './click-sink.ts';

export function clickMetricsText(s: Readonly<ClickSinkStats>, writeBehind: boolean, writeThrough = false): string {
  const out: string[] = [];
  const family = (name: string, type: string, help: string, value: number) =>
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, `${name} ${Number.isFinite(value) ? value : 0}`);
  family('scaleladder_click_write_behind', 'gauge', 'Whether clicks are counted in memory and written in batches (1) or written per redirect (0).', writeBehind ? 1 : 0);
  family('scaleladder_click_write_through', 'gauge', 'Whether each click is written to Redis and the DB before the redirect is answered (1).', writeThrough ? 1 : 0);
  family('scaleladder_clicks_pending', 'gauge', 'Clicks counted in memory and not yet written (lost if the process crashes now).', s.pending);
  family('scaleladder_click_pending_links', 'gauge', 'Distinct links with clicks pending.', s.pendingLinks);
  family('scaleladder_click_flushes_total', 'counter', 'Batches of clicks written (one transaction per shard each).', s.flushes);
  family('scaleladder_clicks_flushed_total', 'counter', 'Clicks written by batches.', s.flushed);
  family('scaleladder_click_flush_failures_total', 'counter', 'Batches (or parts) that failed and were kept pending.', s.flushFailures);
  family('scaleladder_click_flush_seconds_total', 'counter', 'Time spent writing batches (the event loop is blocked meanwhile).', s.flushMs / 1000);
  family('scaleladder_click_cache_writes_total', 'counter', 'Write-through: click counters incremented in Redis before the redirect was answered.', s.cacheWrites ?? 0);
  family('scaleladder_click_cache_write_failures_total', 'counter', 'Write-through: Redis increments that failed (the DB write stood).', s.cacheWriteFailures ?? 0);
  return out.join('\n') + '\n';
}
