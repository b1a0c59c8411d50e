// Prometheus families of the click sink: pending clicks (what a crash would lose now), flushes, clicks flushed.
import type { ClickSinkStats } from './click-sink.ts';

export function clickMetricsText(s: Readonly<ClickSinkStats>, writeBehind: boolean): string {
  const out: string[] = [];
  const family = (name: string, type: string, help: string, value: number) =>
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, `${name} ${Number.isFinite(value) ? value : 0}`);
  family('scaleladder_click_write_behind', 'gauge', 'Whether clicks are counted in memory and written in batches (1) or written per redirect (0).', writeBehind ? 1 : 0);
  family('scaleladder_clicks_pending', 'gauge', 'Clicks counted in memory and not yet written (lost if the process crashes now).', s.pending);
  family('scaleladder_click_pending_links', 'gauge', 'Distinct links with clicks pending.', s.pendingLinks);
  family('scaleladder_click_flushes_total', 'counter', 'Batches of clicks written (one transaction per shard each).', s.flushes);
  family('scaleladder_clicks_flushed_total', 'counter', 'Clicks written by batches.', s.flushed);
  family('scaleladder_click_flush_failures_total', 'counter', 'Batches (or parts) that failed and were kept pending.', s.flushFailures);
  family('scaleladder_click_flush_seconds_total', 'counter', 'Time spent writing batches (the event loop is blocked meanwhile).', s.flushMs / 1000);
  return out.join('\n') + '\n';
}
