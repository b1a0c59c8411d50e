// Waiting on the faulted step's clock: sleep until a step time, poll a condition until a step time; both end on abort.
import type { FaultContext } from './fault-types.ts';

/** Resolves at `atMs` on the step clock (at once if past), or early when the run aborts; true unless aborted. */
export function sleepUntil(ctx: FaultContext, atMs: number): Promise<boolean> {
  if (ctx.signal.aborted) return Promise.resolve(false);
  const wait = atMs - ctx.elapsedMs();
  if (wait <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      ctx.signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, wait);
    ctx.signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Checks `ok` every `everyMs` until it holds (→ the step time it held at) or the step clock passes `untilMs` (→ undefined). */
export async function pollUntil(ctx: FaultContext, ok: () => Promise<boolean>, untilMs: number, everyMs = 100): Promise<number | undefined> {
  for (;;) {
    const held = await ok().catch(() => false);
    const t = ctx.elapsedMs();
    if (held) return t;
    if (t >= untilMs || ctx.signal.aborted) return undefined;
    if (!(await sleepUntil(ctx, Math.min(untilMs, t + everyMs)))) return undefined;
  }
}

/** Rounds a step time for the record (ms, one decimal). */
export const ms1 = (v: number): number => Math.round(v * 10) / 10;
