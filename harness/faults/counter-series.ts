// Samples the stage's counters on the step clock every period, so a fault can show per-second rates around a change.
import type { StageCounters } from '../stages/stage-types.ts';
import { ms1, sleepUntil } from './fault-clock.ts';
import type { FaultContext } from './fault-types.ts';

/** Per-interval rates of chosen counters: interval i is (atMs[i-1], atMs[i]] on the step clock (atMs[-1] = the first read). */
export interface CounterSeries {
  periodMs: number;
  /** Step time of the end of each interval, ms. */
  atMs: number[];
  /** Counter name → rate per second over each interval. */
  perS: Record<string, number[]>;
}

/** Pure: per-second rates of `keys` between consecutive reads (a counter that went down counts 0, e.g. after a restart). */
export function ratesOf(reads: readonly { atMs: number; counters: StageCounters }[], keys: readonly string[], periodMs: number): CounterSeries {
  const out: CounterSeries = { periodMs, atMs: [], perS: Object.fromEntries(keys.map((k) => [k, [] as number[]])) };
  for (let i = 1; i < reads.length; i++) {
    const a = reads[i - 1];
    const b = reads[i];
    const dtS = (b.atMs - a.atMs) / 1000;
    if (!(dtS > 0)) continue;
    out.atMs.push(ms1(b.atMs));
    for (const k of keys) out.perS[k].push(Math.round((Math.max(0, (b.counters[k] ?? 0) - (a.counters[k] ?? 0)) / dtS) * 10) / 10);
  }
  return out;
}

/** Reads the stage's counters at t = 0, period, 2·period, … of the step until stopped (a failed read is skipped). */
export class CounterSampler {
  readonly #reads: { atMs: number; counters: StageCounters }[] = [];
  #stopped = false;
  #loop: Promise<void> | undefined;

  constructor(
    private readonly ctx: FaultContext,
    readonly periodMs = 500,
  ) {}

  /** Call when the step clock starts. */
  start(): void {
    this.#loop = (async () => {
      for (let k = 0; !this.#stopped; k++) {
        if (!(await sleepUntil(this.ctx, k * this.periodMs)) || this.#stopped) break;
        const atMs = this.ctx.elapsedMs();
        const counters = await this.ctx.stage.readCounters().catch(() => undefined);
        if (counters) this.#reads.push({ atMs, counters });
      }
    })();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#loop;
  }

  series(keys: readonly string[]): CounterSeries {
    return ratesOf(this.#reads, keys, this.periodMs);
  }
}
