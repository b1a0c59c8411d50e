// Per-interval stage counters during a step (DB reads, cache hits/misses… per second), read from the apps' /metrics.
import type { CounterTimelinePoint } from '../results/result-types.ts';
import type { StageCounters } from '../stages/stage-types.ts';

export interface CounterTimeline {
  /** Stops reading; resolves with the differences of consecutive reads (one point per interval). */
  stop(): Promise<CounterTimelinePoint[]>;
}

/** Gauges, not counters: their difference means nothing. */
const GAUGE = /^eventLoopDelay/;

/**
 * Reads `read()` now and every `intervalMs` after (aligned to the start, so a slow read does not shift the grid) until
 * stop(). A process restarted mid-step (a fault) starts its counters at 0 again: a negative difference is kept as 0.
 */
export function startCounterTimeline(read: () => Promise<StageCounters>, intervalMs: number, now: () => number = () => performance.now()): CounterTimeline {
  const t0 = now();
  const snaps: { atMs: number; counters: StageCounters }[] = [];
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  let k = 0;
  const tick = () => {
    if (stopped) return;
    const atMs = now() - t0;
    inFlight = read()
      .then((counters) => void snaps.push({ atMs, counters }))
      .catch(() => undefined);
    k++;
    timer = setTimeout(tick, Math.max(0, t0 + k * intervalMs - now()));
  };
  tick();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await inFlight;
      return differences(snaps);
    },
  };
}

/** Pure: consecutive reads → per-interval differences, `second` = start of the interval in s since the first read. */
export function differences(snaps: readonly { atMs: number; counters: StageCounters }[]): CounterTimelinePoint[] {
  const sorted = [...snaps].sort((a, b) => a.atMs - b.atMs);
  const out: CounterTimelinePoint[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1];
    const b = sorted[i];
    const counters: Record<string, number> = {};
    for (const [key, v] of Object.entries(b.counters)) {
      if (GAUGE.test(key) || typeof v !== 'number') continue;
      counters[key] = Math.max(0, v - (a.counters[key] ?? 0));
    }
    out.push({ second: Math.round(a.atMs) / 1000, durationMs: Math.round(b.atMs - a.atMs), counters });
  }
  return out;
}
