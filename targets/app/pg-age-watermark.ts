// The lag bound of --read-your-writes fix-age: which codes are "younger than the replicas' lag", so a lookup of them goes
// to the primary instead of a replica that may not have them yet.
//
// Every `sampleMs` the app asks the primary, in one statement, for the id sequence's last value and the replicas' replay
// lag (pg_stat_replication.replay_lag, which includes recovery_min_apply_delay). It keeps the samples as a timeline.
// The bound is max(configured floor, the largest lag seen in the last `windowMs`) + `marginMs`. An id is young when it is
// above the sequence value sampled at least `bound` ago: every id at or below that value was handed out over `bound` ago.
//
// What this does not see: ids are aged from nextval, not from their INSERT's commit, so a create whose INSERT commits more
// than `marginMs` after its nextval can still be followed into a replica that lacks it. Those 404s are counted (the
// store checks a replica miss of an "old" code on the primary, as 'measure' does) rather than assumed away.
import type postgres from 'postgres';

export interface AgeWatermarkOptions {
  /** Lowest bound, ms: the configured replica lag (bench passes --replica-delay) (default 0). */
  floorMs?: number;
  /** Added to the bound, ms: the INSERT after nextval, and sampling jitter (default 100). */
  marginMs?: number;
  /** Sampling interval, ms (default 100). */
  sampleMs?: number;
  /** Measured lag counts for this long, ms (default 10000). */
  windowMs?: number;
  /** Injected clock (default performance.now). */
  now?: () => number;
}

interface Sample {
  t: number;
  lastId: number;
  lagMs: number;
}

export class AgeWatermark {
  readonly floorMs: number;
  readonly marginMs: number;
  readonly sampleMs: number;
  readonly windowMs: number;
  /** Samples taken (each one statement on the primary: what the watermark itself costs). */
  probes = 0;
  /** Samples that failed (the timeline keeps its last values; young ids stay young). */
  probeErrors = 0;
  readonly #samples: Sample[] = [];
  readonly #now: () => number;
  #timer: NodeJS.Timeout | undefined;

  constructor(o: AgeWatermarkOptions = {}) {
    this.floorMs = o.floorMs ?? 0;
    this.marginMs = o.marginMs ?? 100;
    this.sampleMs = o.sampleMs ?? 100;
    this.windowMs = o.windowMs ?? 10_000;
    this.#now = o.now ?? (() => performance.now());
  }

  /** The bound now, ms: max(floor, largest lag in the window) + margin. */
  boundMs(): number {
    const since = this.#now() - this.windowMs;
    let lag = 0;
    for (let i = this.#samples.length - 1; i >= 0 && this.#samples[i].t >= since; i--) if (this.#samples[i].lagMs > lag) lag = this.#samples[i].lagMs;
    return Math.max(this.floorMs, lag) + this.marginMs;
  }

  /** True when `id` may be younger than the bound (no sample that old yet: every id is young). */
  isYoung(id: number): boolean {
    const cutoff = this.#now() - this.boundMs();
    // Latest sample at or before the cutoff; the timeline is in time order.
    for (let i = this.#samples.length - 1; i >= 0; i--) if (this.#samples[i].t <= cutoff) return id > this.#samples[i].lastId;
    return true;
  }

  /** Records one sample (exposed for tests; `start` feeds it from the primary). */
  record(lastId: number, lagMs: number): void {
    const t = this.#now();
    this.#samples.push({ t, lastId, lagMs });
    // Keep what the window and the largest bound can still ask for, and at least one sample older than the cutoff.
    const keep = t - Math.max(this.windowMs, this.boundMs()) - 2 * this.sampleMs;
    let drop = 0;
    while (drop < this.#samples.length - 1 && this.#samples[drop + 1].t < keep) drop++;
    if (drop > 0) this.#samples.splice(0, drop);
  }

  /** Samples the primary now and every sampleMs until stop(). */
  async start(primary: postgres.Sql): Promise<void> {
    let inFlight = false;
    const probe = async () => {
      if (inFlight) return; // a slow primary: one probe at a time
      inFlight = true;
      this.probes++;
      try {
        const [r] = await primary<{ lastId: number; lagMs: number | null }[]>`
          SELECT (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM links_id_seq)::float8 AS "lastId",
                 (SELECT max(EXTRACT(EPOCH FROM replay_lag)) * 1000 FROM pg_stat_replication)::float8 AS "lagMs"`;
        this.record(r.lastId, r.lagMs ?? 0);
      } catch {
        this.probeErrors++;
      } finally {
        inFlight = false;
      }
    };
    await probe();
    this.#timer = setInterval(() => void probe(), this.sampleMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
