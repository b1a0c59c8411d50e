// One thread's open-model send loop on undici: wakes, sends every request whose scheduled time has passed, times all from the schedule.
import { Pool } from 'undici';
import { FOLLOW_ENDPOINT, RequestMix, type PlannedRequest } from '../../../loadtests/workload/request-mix.ts';
import { ArrivalSchedule } from './schedule.ts';
import type { WorkerInit } from './worker-messages.ts';
import { classifyError } from '../error-kind.ts';
import { InFlightQueue } from './in-flight-queue.ts';
import { StepRecorder, type Recording } from '../step-recorder.ts';
import { drainBoundMs, type OpenModelOptions } from './open-model-options.ts';
import { PreciseTicker } from './precise-ticker.ts';
import { BrowserCaches } from './browser-cache.ts';
import { CANCELLED, RequestHandler, TIMED_OUT, now, type RequestSink } from './request-handler.ts';

const SWEEP_EVERY_MS = 20;
/** Never notified: Atomics.wait on it is a precise sleep of the calling thread. */
const SLEEPER = new Int32Array(new SharedArrayBuffer(4));

export interface SendLoopConfig {
  baseUrl: string;
  /** Sockets of this loop's undici Pool (keep-alive, pipelining 1). */
  connections: number;
  /** A request not answered this long after its *scheduled* send counts as 'timeout'. */
  timeoutMs: number;
  /** How long the step lasts, from the start (ms). */
  durationMs: number;
  /** In-flight cap of this loop (the step's cap divided by threads). */
  maxInFlight: number;
  /** Run this long first, sending at the rate but recording nothing (default 0; the schedule must cover it too). */
  discardMs?: number;
  /** Upper bound on the drain after the last send (e.g. what --max-total leaves); default: no bound beyond the options'. */
  maxDrainMs?: number;
  schedule: ArrivalSchedule;
  mix: { next(): PlannedRequest };
  options: OpenModelOptions;
  onProgress?: (p: LoopProgress) => void;
}

/** The loop of one thread's share of a step (the whole step when it runs on one thread): its schedule slice and its stream. */
export function sendLoopFor(share: WorkerInit, onProgress?: (p: LoopProgress) => void): SendLoop {
  return new SendLoop({
    baseUrl: share.baseUrl,
    connections: share.connections,
    timeoutMs: share.timeoutMs,
    durationMs: share.durationS * 1000,
    maxInFlight: share.maxInFlight,
    maxDrainMs: share.maxDrainMs,
    discardMs: share.discardMs,
    schedule: new ArrivalSchedule(share.rate, share.durationS + (share.discardMs ?? 0) / 1000, share.threads, share.index),
    mix: new RequestMix(share.workload, share.codes, share.streamId),
    options: share.options,
    onProgress,
  });
}

export interface LoopProgress {
  elapsedMs: number;
  sent: number;
  completed: number;
  errors: number;
  p99Us: number;
}

export interface LoopOutcome {
  recording: Recording;
  /** Why the precise ticker was not used, if it failed to start (the loop then slept on 1 ms timers). */
  tickerError: string | null;
  /** When the last send went out (or sending stopped), ms after the start. */
  sendEndMs: number;
  /** When the loop finished (after draining), ms after the start. */
  endMs: number;
  aborted: boolean;
}

type State = 'idle' | 'sending' | 'draining' | 'done';

/**
 * Sends `schedule` against `baseUrl`. Request i is due at start + schedule.offsetMs(i). A check sends every due request
 * (up to maxBatch, one `now` per send); checks run when something wakes the loop, never from one setTimeout per request
 * (timers have 1 ms resolution and drift; a late check simply sends a bigger batch). What wakes it (see wake()):
 * - a response: each completion checks too, so under load sends ride on the I/O the loop handles anyway;
 * - the next event-loop turn, when a batch hit maxBatch or the next send is due within spinWindowMs;
 * - a timer to ~idleSleepWindowMs before the next send, then, with nothing in flight, a precise sleep of the thread
 *   itself (Atomics.wait: no CPU, ~0.1 ms late; no response can be kept waiting since none is outstanding), or with
 *   responses outstanding, the precise ticker thread (options.wakeup 'ticker');
 * - a 1 ms fallback timer while waiting on responses, in case none come (a stalled target).
 */
export class SendLoop implements RequestSink {
  private readonly cfg: SendLoopConfig;
  private readonly prefix: string;
  private readonly origin: string;
  private readonly headerCache = new Map<string, Record<string, string>>();
  /** The emulated users' browser caches (workloads with users), for this step. */
  private readonly browsers = new BrowserCaches();
  private readonly queue = new InFlightQueue<RequestHandler>();
  private pool: Pool | null = null;
  private recorder!: StepRecorder;
  private state: State = 'idle';
  private startMs = 0;
  private cutoffMs = 0;
  private sendEndMs = -1;
  private drainDeadlineMs = 0;
  private next = 0;
  private nextDueMs = Infinity;
  private inFlight = 0;
  private lastSweepMs = 0;
  private checking = false;
  private timer: NodeJS.Timeout | null = null;
  private timerDueMs = Infinity;
  private immediate: NodeJS.Immediate | null = null;
  private tickerDueMs = Infinity;
  private progressTimer: NodeJS.Timeout | null = null;
  /** Ref'd while running: the ticker thread is unref'd and must not be the only thing keeping the process up. */
  private keepAlive: NodeJS.Timeout | null = null;
  private ticker: PreciseTicker | null = null;
  private resolve: ((o: LoopOutcome) => void) | null = null;
  private abortRequested = false;

  constructor(cfg: SendLoopConfig) {
    this.cfg = cfg;
    const url = new URL(cfg.baseUrl);
    this.origin = url.origin;
    this.prefix = url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '');
  }

  /** Set when the ticker thread could not start and the loop fell back to 1 ms timers. */
  tickerError: string | null = null;

  /** Starts what the loop needs before its first send (the wake-up thread); call before run(). */
  async prepare(): Promise<void> {
    if (this.cfg.options.wakeup !== 'ticker' || this.ticker !== null) return;
    try {
      this.ticker = await PreciseTicker.start(this.onTicker);
    } catch (e) {
      this.tickerError = (e as Error)?.message ?? String(e);
    }
  }

  /** Runs the schedule from `startMs` (performance.now() clock; may lie in the future) to the end of the drain. */
  run(startMs: number): Promise<LoopOutcome> {
    if (this.state !== 'idle') throw new Error('send loop: run() called twice');
    const { options, timeoutMs } = this.cfg;
    this.startMs = startMs;
    const discardMs = this.cfg.discardMs ?? 0;
    this.cutoffMs = startMs + discardMs + this.cfg.durationMs + options.endGraceMs;
    this.lastSweepMs = startMs;
    this.nextDueMs = this.cfg.schedule.count > 0 ? startMs + this.cfg.schedule.offsetMs(0) : Infinity;
    this.recorder = new StepRecorder({ openModel: true, startMs: startMs + discardMs, recordFromMs: startMs + discardMs, lateThresholdMs: options.lateThresholdMs });
    this.pool = new Pool(this.origin, {
      connections: this.cfg.connections,
      pipelining: 1,
      // Timeouts are ours (from the schedule, see sweep()); undici's per-request timers would only add cost.
      headersTimeout: 0,
      bodyTimeout: 0,
      connect: { timeout: Math.min(timeoutMs, 10_000) },
    });
    this.state = 'sending';
    return new Promise<LoopOutcome>((resolve) => {
      this.resolve = resolve;
      this.keepAlive = setInterval(() => undefined, 60_000);
      if (this.cfg.onProgress) {
        this.progressTimer = setInterval(() => this.cfg.onProgress?.(this.progress()), options.progressEveryMs);
        this.progressTimer.unref();
      }
      if (this.abortRequested) void this.finish(true);
      else this.wake();
    });
  }

  /** Stops at once: unsent requests are not sent, requests in flight are cancelled (neither completed nor errors). */
  abort(): void {
    if (this.state === 'idle') this.abortRequested = true;
    else if (this.state !== 'done') void this.finish(true);
  }

  progress(): LoopProgress {
    const r = this.recorder;
    return { elapsedMs: now() - this.startMs, sent: r.sent, completed: r.completed, errors: r.errorCount, p99Us: r.p99Us() };
  }

  private readonly onImmediate = (): void => {
    this.immediate = null;
    this.wake();
  };

  private readonly onTimer = (): void => {
    this.timer = null;
    this.timerDueMs = Infinity;
    this.wake();
  };

  private readonly onTicker = (): void => {
    this.tickerDueMs = Infinity;
    this.wake();
  };

  /** Sends what is due, then decides what wakes the loop next. */
  private wake(): void {
    if (this.state !== 'sending' || this.checking) return;
    const { wakeup, spinWindowMs, completionWindowMs, idleSleepWindowMs } = this.cfg.options;
    for (;;) {
      const batchFull = this.check();
      if (this.state !== 'sending') return;
      if (this.next >= this.cfg.schedule.count) {
        this.startDrain();
        return;
      }
      const due = this.nextDueMs;
      const gap = due - now();
      if (batchFull || gap <= 0) return this.onNextTurn();
      if (wakeup === 'spin') return gap <= 2 ? this.onNextTurn() : this.atTimer(due - 1);
      if (wakeup === 'timer') return this.inFlight > 0 && gap <= completionWindowMs ? this.atTimer(now() + 1) : this.atTimer(due);
      // 'ticker': far from the send, a timer to idleSleepWindowMs before it (1 ms resolution is enough there).
      if (gap > idleSleepWindowMs) return this.atTimer(due - idleSleepWindowMs);
      if (this.inFlight === 0) {
        // Nothing in flight, so no response can be kept waiting: sleep this thread itself, precisely and for free.
        Atomics.wait(SLEEPER, 0, 0, gap);
        continue;
      }
      if (gap <= completionWindowMs) return this.atTimer(now() + 1); // a response will come first
      if (gap <= spinWindowMs || this.ticker === null) return gap <= spinWindowMs ? this.onNextTurn() : this.atTimer(due);
      if (this.tickerDueMs !== due) {
        this.tickerDueMs = due;
        this.ticker.arm(due);
      }
      return;
    }
  }

  private onNextTurn(): void {
    this.immediate ??= setImmediate(this.onImmediate);
  }

  /** A timer for about `atMs` (1 ms resolution), unless one is already due sooner. */
  private atTimer(atMs: number): void {
    if (this.timer !== null && this.timerDueMs <= atMs) return;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timerDueMs = atMs;
    this.timer = setTimeout(this.onTimer, Math.max(1, Math.floor(atMs - now())));
  }

  /** Called on every response: sends what became due meanwhile; re-plans the wake-up once nothing is in flight. */
  private afterResponse(): void {
    if (this.state === 'sending') {
      if (now() >= this.nextDueMs || this.inFlight === 0) this.wake();
    } else if (this.state === 'draining' && this.inFlight === 0) {
      void this.finish(false);
    }
  }

  /** Sends every due request (at most maxBatch); true if it stopped at maxBatch with more due. */
  private check(): boolean {
    this.checking = true;
    const { schedule, options } = this.cfg;
    const n = schedule.count;
    let t = now();
    let batch = 0;
    while (this.next < n && this.nextDueMs <= t) {
      if (batch >= options.maxBatch) break;
      if (t > this.cutoffMs) {
        // The generator fell so far behind that the step is over: what is left was never sent.
        this.recorder.recordDropped(n - this.next, t);
        this.next = n;
        break;
      }
      this.send(this.nextDueMs, t);
      this.next++;
      this.nextDueMs = this.next < n ? this.startMs + schedule.offsetMs(this.next) : Infinity;
      batch++;
      t = now();
    }
    if (t - this.lastSweepMs >= SWEEP_EVERY_MS) this.sweep(t);
    this.checking = false;
    return batch >= options.maxBatch && this.nextDueMs <= t;
  }

  private send(dueMs: number, t: number): void {
    const planned = this.cfg.mix.next();
    const user = planned.endpoint === 'redirect' ? planned.user : undefined;
    if (user !== undefined) {
      // An emulated user's click: their browser answers it when its cache may (no request, no latency recorded).
      const fromBrowser = this.browsers.serves(user, planned.path, this.headersFor(planned));
      this.recorder.recordClick(dueMs, fromBrowser);
      if (fromBrowser) return;
    }
    if (this.inFlight >= this.cfg.maxInFlight) {
      if (dueMs >= this.startMs + (this.cfg.discardMs ?? 0)) this.recorder.recordDropped(1, t);
      return;
    }
    this.recorder.recordSend(dueMs, t);
    const handler = new RequestHandler(this, planned.endpoint, dueMs, t, planned.region, planned.rttMs);
    if (user !== undefined) {
      const reqHeaders = this.headersFor(planned);
      handler.onResponseHead = (status, headers) => this.browsers.offer(user, planned.path, reqHeaders, status, headers);
    }
    if (planned.follow) handler.collectBody();
    this.inFlight++;
    this.queue.push(handler);
    this.pool!.dispatch(
      { path: this.prefix + planned.path, method: planned.method, headers: this.headersFor(planned), body: planned.body },
      handler,
    );
  }

  private headersFor(p: PlannedRequest): Record<string, string> | undefined {
    if (p.region === undefined && p.body === undefined && p.userAgent === undefined) return undefined;
    const key = `${p.region ?? ''}\n${p.body === undefined ? '' : 'json'}\n${p.userAgent ?? ''}`;
    let h = this.headerCache.get(key);
    if (h === undefined) {
      h = {};
      if (p.region !== undefined) h['x-client-region'] = p.region;
      if (p.userAgent !== undefined) h['user-agent'] = p.userAgent;
      if (p.body !== undefined) h['content-type'] = 'application/json';
      this.headerCache.set(key, h);
    }
    return h;
  }

  complete(h: RequestHandler): void {
    if (h.done) return;
    h.done = true;
    this.inFlight--;
    const t = now();
    // An emulated distance (a region far from the origin) arrives rttMs later: latencies and the interval shift by it.
    const rtt = h.rttMs;
    this.recorder.recordResponse(h.endpoint, h.status, t - h.scheduledMs + rtt, t - h.writeMs + rtt, t + rtt, h.region, h.scheduledMs);
    if (h.connected) this.recorder.recordPoolWait(h.writeMs - h.dispatchMs, h.scheduledMs);
    if (h.endpoint === FOLLOW_ENDPOINT) this.recorder.followAnswered(h.status, h.scheduledMs);
    else if (h.chunks !== null && h.status === 201) this.follow(h, t);
    this.afterResponse();
  }

  /**
   * Workload followAfterCreate: GET the code a create just returned, at once (before afterResponse, so a drain waits
   * for it too). It goes out the moment the 201 arrives, without waiting the region's emulated distance: the
   * tightest read-after-write a client can make. Its latency counts from this send; it is not on the schedule.
   */
  private follow(created: RequestHandler, t: number): void {
    if (this.state === 'done' || this.pool === null || this.inFlight >= this.cfg.maxInFlight) return;
    let code: unknown;
    try {
      code = (JSON.parse(Buffer.concat(created.chunks!).toString('utf8')) as { code?: unknown }).code;
    } catch {
      return;
    }
    if (typeof code !== 'string') return;
    this.recorder.recordFollowSend(t);
    const handler = new RequestHandler(this, FOLLOW_ENDPOINT, t, t, created.region, created.rttMs);
    this.inFlight++;
    this.queue.push(handler);
    this.pool.dispatch({ path: `${this.prefix}/${encodeURIComponent(code)}`, method: 'GET', headers: this.headersFor({ region: created.region } as PlannedRequest) }, handler);
  }

  fail(h: RequestHandler, err: Error): void {
    if (h.done) return;
    h.done = true;
    this.inFlight--;
    this.recorder.recordError(classifyError(err), 1, now(), h.scheduledMs);
    this.afterResponse();
  }

  /** Times out, oldest first, every request unanswered timeoutMs after its schedule. */
  private sweep(t: number): void {
    this.lastSweepMs = t;
    const limit = t - this.cfg.timeoutMs;
    for (let h = this.queue.peek(); h !== undefined; h = this.queue.peek()) {
      if (!h.done && h.scheduledMs > limit) break;
      this.queue.shift();
      if (!h.done) this.expire(h, 'timeout');
    }
  }

  /** Ends a request in flight: a timeout (at its age), unfinished (younger than the timeout; age = lower bound), or cancelled by an abort. */
  private expire(h: RequestHandler, as: 'timeout' | 'unfinished' | 'cancelled'): void {
    h.done = true;
    this.inFlight--;
    const t = now();
    if (as === 'timeout') this.recorder.recordTimeout(t - h.scheduledMs, t);
    else if (as === 'unfinished') this.recorder.recordUnfinished(t - h.scheduledMs, t);
    else this.recorder.cancelled++;
    h.abortFn?.(as === 'cancelled' ? CANCELLED : TIMED_OUT);
  }

  private startDrain(): void {
    this.state = 'draining';
    this.sendEndMs = now();
    if (this.inFlight === 0) {
      void this.finish(false);
      return;
    }
    this.drainDeadlineMs = this.sendEndMs + Math.min(drainBoundMs(this.cfg.options, this.cfg.timeoutMs), this.cfg.maxDrainMs ?? Infinity);
    if (this.timer !== null) clearTimeout(this.timer);
    this.timerDueMs = Infinity;
    this.timer = setTimeout(this.drainTick, 10);
  }

  private readonly drainTick = (): void => {
    this.timer = null;
    if (this.state !== 'draining') return;
    const t = now();
    this.sweep(t);
    if (this.inFlight === 0 || t >= this.drainDeadlineMs) void this.finish(false);
    else this.timer = setTimeout(this.drainTick, Math.min(10, Math.max(1, this.drainDeadlineMs - t)));
  };

  private async finish(aborted: boolean): Promise<void> {
    if (this.state === 'done') return;
    this.state = 'done';
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = null;
    this.immediate = null;
    if (this.progressTimer) clearInterval(this.progressTimer);
    if (this.keepAlive) clearInterval(this.keepAlive);
    this.ticker?.disarm();
    const t = now();
    if (this.sendEndMs < 0) this.sendEndMs = t;
    // Whatever is still in flight: cancelled by an abort, else out of drain time: unfinished, never a fake timeout.
    for (const h of this.queue.drain()) if (!h.done) this.expire(h, aborted ? 'cancelled' : t - h.scheduledMs >= this.cfg.timeoutMs ? 'timeout' : 'unfinished');
    const outcome: LoopOutcome = {
      recording: this.recorder.recording(),
      tickerError: this.tickerError,
      // Relative to the measured window's start (after the discarded warm-up, if any).
      sendEndMs: Math.max(0, this.sendEndMs - this.startMs - (this.cfg.discardMs ?? 0)),
      endMs: Math.max(0, t - this.startMs - (this.cfg.discardMs ?? 0)),
      aborted,
    };
    const pool = this.pool;
    this.pool = null;
    await Promise.all([pool?.destroy().catch(() => undefined), this.ticker?.stop()]);
    this.resolve?.(outcome);
  }
}
