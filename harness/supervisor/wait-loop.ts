// The one retry loop behind every readiness strategy: poll the log and the probe until ready, timeout, exit or stop.
import type { LogFollower } from './log-follower.ts';
import type { WaitContext, WaitStrategy } from './wait-strategy.ts';

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export type WaitOutcome =
  | { kind: 'ready'; url?: string; port?: number; elapsedMs: number }
  | { kind: 'timeout'; elapsedMs: number }
  | { kind: 'exited'; exit: ExitInfo; elapsedMs: number }
  | { kind: 'stopped'; elapsedMs: number };

export interface WaitLoopOptions {
  name: string;
  host: string;
  url?: string;
  port?: number;
  strategy: WaitStrategy;
  log: LogFollower;
  timeoutMs: number;
  /** Resolves when the child exits; ends the wait at once. */
  exited: Promise<ExitInfo>;
  /** Aborted when someone stops the service (or the whole run) while it is starting. */
  stop: AbortSignal;
  /** Time origin of the timeout (default: now); pass the spawn time so boot time counts. */
  startedAt?: number;
}

/** Polls quickly during the first second (short boots stay short), then more gently. */
const pollDelay = (elapsedMs: number): number => (elapsedMs < 1_000 ? 20 : 100);

export async function waitUntilReady(opts: WaitLoopOptions): Promise<WaitOutcome> {
  const { strategy, log, timeoutMs, stop, startedAt = Date.now() } = opts;
  const done = new AbortController();
  const listeners: ((line: string) => void)[] = [];
  const ctx: WaitContext = {
    name: opts.name,
    host: opts.host,
    url: opts.url,
    port: opts.port,
    onLine: (listener) => void listeners.push(listener),
    signal: done.signal,
  };
  const feed = (lines: string[]): void => {
    for (const line of lines) for (const listener of listeners) listener(line);
  };

  // One wake-up signal for "the child exited" and "stop requested": ends a probe or a pause early.
  let exit: ExitInfo | undefined;
  let woken = false;
  let wakeNow: (() => void) | undefined;
  const wake = (): void => {
    woken = true;
    wakeNow?.();
  };
  /** Resolves with the work's result, or with `fallback` after `ms` or at once when woken. */
  const interruptible = <T>(work: Promise<T>, ms: number, fallback: T): Promise<T> =>
    new Promise<T>((resolve) => {
      let t: NodeJS.Timeout | undefined = undefined;
      const finish = (v: T): void => {
        clearTimeout(t);
        wakeNow = undefined;
        resolve(v);
      };
      t = setTimeout(() => finish(fallback), ms);
      wakeNow = () => finish(fallback);
      if (woken) finish(fallback);
      work.then(finish, () => finish(fallback));
    });
  void opts.exited.then((e) => {
    exit = e;
    wake();
  });
  stop.addEventListener('abort', wake);
  const elapsed = (): number => Date.now() - startedAt;

  try {
    const probe = strategy.begin(ctx);
    for (;;) {
      feed(log.poll());
      // A stop comes first: the exit it causes is not the child's own failure.
      if (stop.aborted) return { kind: 'stopped', elapsedMs: elapsed() };
      if (exit) return { kind: 'exited', exit, elapsedMs: elapsed() };
      const remaining = timeoutMs - elapsed();
      if (remaining <= 0) return { kind: 'timeout', elapsedMs: elapsed() };

      // A probe never outlives the deadline, the child, or a stop.
      const ready = await interruptible(probe(Math.min(1_000, remaining)), remaining, false);
      if (ready && !exit && !stop.aborted) return { kind: 'ready', url: ctx.url, port: ctx.port, elapsedMs: elapsed() };

      const pause = Math.min(pollDelay(elapsed()), Math.max(1, timeoutMs - elapsed()));
      await interruptible(new Promise<void>(() => {}), pause, undefined);
    }
  } finally {
    stop.removeEventListener('abort', wake);
    done.abort();
    log.close();
  }
}
