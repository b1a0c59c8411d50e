// fill-cache (stage 2+): at @at, empty Redis (FLUSHALL) and request every seeded code once in a burst (32 at a time), so
// the cache fills them all together — what a burst after a Redis restart or a deploy's cache warm-up does; the
// ttl-jitter experiment's setup. (Apps' local LRUs are not emptied: use it without local-lru to fill Redis alone.)
// ioredis (~0.15 CPU-s to load) is imported when this fault is set up: most runs never need it.
import { request } from 'undici';
import { UserError } from '../errors/user-error.ts';
import { ms1 } from './fault-clock.ts';
import type { FaultFactory } from './fault-types.ts';

/** Requests in flight during the burst. */
const CONCURRENCY = 32;

export const fillCache: FaultFactory = async (spec, ctx) => {
  const codes = ctx.stage.codes;
  if (codes.length === 0) throw new UserError('--fault fill-cache: this stage has no seeded codes to fill');
  const urls = ctx.stage.services.filter((s) => s.role === 'cache' && s.url?.startsWith('redis://')).map((s) => s.url!);
  if (urls.length === 0) throw new UserError('--fault fill-cache: this stage has no Redis to fill');
  // Loaded here, before the step, not at @at: the burst must not wait for it.
  const { Redis } = await import('ioredis');
  const events: { atMs: number; what: string }[] = [];
  let ok = 0;
  let failed = 0;
  let startMs: number | undefined;
  let endMs: number | undefined;
  return {
    spec,
    async run() {
      // Every node emptied first, so keys filled before (warm-up) are filled again, together.
      await Promise.all(
        urls.map(async (url) => {
          const r = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 2000, lazyConnect: true });
          try {
            await r.connect();
            await r.flushall();
          } finally {
            r.disconnect();
          }
        }),
      ).catch((e: Error) => events.push({ atMs: ms1(ctx.elapsedMs()), what: `FLUSHALL failed: ${e.message}` }));
      startMs = ctx.elapsedMs();
      events.push({ atMs: ms1(startMs), what: `requesting all ${codes.length} seeded codes, ${CONCURRENCY} at a time` });
      const deadline = startMs + spec.forS * 1000;
      let next = 0;
      const worker = async () => {
        while (next < codes.length && !ctx.signal.aborted && ctx.elapsedMs() < deadline) {
          const code = codes[next++];
          try {
            const res = await request(new URL(`/${code}`, ctx.stage.entryUrl), { method: 'GET', headersTimeout: 5000, bodyTimeout: 5000 });
            await res.body.dump();
            if (res.statusCode < 400) ok++;
            else failed++;
          } catch {
            failed++;
          }
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      endMs = ctx.elapsedMs();
      events.push({ atMs: ms1(endMs), what: `filled: ${ok} answered, ${failed} failed` });
    },
    record() {
      return {
        kind: 'fill-cache',
        target: 'cache',
        atMs: ms1(startMs ?? spec.atS * 1000),
        detail: `FLUSHALL, then GET every seeded code once (${codes.length}), ${CONCURRENCY} at a time, within +${spec.forS} s: keys filled together`,
        events,
        outcome: { codes: codes.length, answered: ok, failed, fillMs: startMs !== undefined && endMs !== undefined ? Math.round(endMs - startMs) : 0 },
      };
    },
  };
};
