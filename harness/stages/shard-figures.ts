// Stage-5 counters and figures from the apps' /metrics: writes per shard (summed over processes), write-behind flushes, pending clicks.
import type { PromSample } from '../measure/prom-text.ts';
import type { StepFigures } from '../measure/step-figures.ts';
import type { StageCounters } from './stage-types.ts';
import { round } from '../stats/round.ts';

const SHARD_WRITES = 'shardWrites.';

/** Flat counters of one scrape: `shardWrites.<i>` per shard, click flushes and clicks flushed, pending clicks (a gauge). Empty families read 0. */
export function shardCounters(samples: PromSample[]): StageCounters {
  const out: StageCounters = { clicksPending: 0, clickFlushes: 0, clicksFlushed: 0 };
  for (const x of samples) {
    if (x.name === 'scaleladder_shard_queries_total' && x.labels.kind === 'write') out[`${SHARD_WRITES}${x.labels.shard}`] = (out[`${SHARD_WRITES}${x.labels.shard}`] ?? 0) + x.value;
    else if (x.name === 'scaleladder_clicks_pending') out.clicksPending += x.value;
    else if (x.name === 'scaleladder_click_flushes_total') out.clickFlushes += x.value;
    else if (x.name === 'scaleladder_clicks_flushed_total') out.clicksFlushed += x.value;
  }
  return out;
}

/**
 * Figures of one step: the busiest (and idlest) shard's writes against the mean (how even the write load was), click batches, and
 * clicks still pending at the end of the step (what a crash at that moment would lose).
 */
export function shardFigures(before: StageCounters, after: StageCounters): StepFigures {
  const d = (k: string) => (after[k] ?? 0) - (before[k] ?? 0);
  const keys = Object.keys(after).filter((k) => k.startsWith(SHARD_WRITES)).sort();
  const figures: StepFigures = {
    clicksPending: after.clicksPending ?? 0,
    clickFlushes: d('clickFlushes'),
    clicksFlushed: d('clicksFlushed'),
  };
  if (keys.length > 0) {
    const writes = keys.map(d);
    const mean = writes.reduce((a, b) => a + b, 0) / writes.length;
    const max = Math.max(...writes);
    figures.shards = keys.length;
    figures.shardWritesMax = max;
    figures.shardWritesMin = Math.min(...writes);
    figures.shardWritesMean = round(mean);
    figures.shardWriteSkew = mean > 0 ? round(max / mean) : 0;
  }
  return figures;
}
