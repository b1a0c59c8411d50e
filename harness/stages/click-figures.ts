// How clicks were written in a step, from the apps' /metrics: DB click statements, DB click transactions and Redis click
// writes per redirect (sync and write-through: one statement, one transaction per redirect; write-behind: one statement
// per clicked link and one transaction per flush).
import { sumMetric, type PromSample } from '../measure/prom-text.ts';
import type { StageCounters } from './stage-types.ts';

/** Flat counters of one scrape (summed over processes by the caller). */
export function clickCounters(samples: PromSample[]): StageCounters {
  return {
    clickDbWrites: sumMetric(samples, 'scaleladder_db_queries_total', { op: 'record_click' }),
    clickCacheWrites: sumMetric(samples, 'scaleladder_click_cache_writes_total'),
    clickCacheWriteFailures: sumMetric(samples, 'scaleladder_click_cache_write_failures_total'),
  };
}

/** Per-step figures: click statements per redirect the apps answered; the cache's only when clicks were written through it. */
export function clickFigures(before: StageCounters, after: StageCounters): Record<string, number> {
  const d = (k: string) => (after[k] ?? 0) - (before[k] ?? 0);
  const redirects = d('redirects');
  if (redirects <= 0) return {};
  // A synchronous sink never flushes: each of its statements is a transaction of its own.
  const batches = d('clickFlushes') > 0 ? d('clickFlushes') : d('clickDbWrites');
  const out: Record<string, number> = {
    clickDbWritesPerRedirect: round(d('clickDbWrites') / redirects),
    clickDbBatchesPerRedirect: round(batches / redirects),
  };
  if (d('clickCacheWrites') + d('clickCacheWriteFailures') > 0) {
    out.clickCacheWritesPerRedirect = round(d('clickCacheWrites') / redirects);
    out.clickCacheWriteFailures = d('clickCacheWriteFailures');
  }
  return out;
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
