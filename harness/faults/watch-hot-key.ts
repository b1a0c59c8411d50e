// watch-hot-key (stage 2+): no fault at all — for the whole step, count the fills (SET: one DB read each) and the
// natural expiries of the rank-1 code's Redis entry; the stampede experiment's measurement of "DB reads per expiry".
import { UserError } from '../errors/user-error.ts';
import type { FaultFactory } from './fault-types.ts';
import { KeyEvents } from './key-events.ts';

/** Fills still in flight when the step ends are counted this long after it. */
const TRAILING_MS = 200;

export const watchHotKey: FaultFactory = async (spec, ctx) => {
  const urls = ctx.stage.services.filter((s) => s.role === 'cache' && s.url?.startsWith('redis://')).map((s) => s.url!);
  const code = ctx.stage.codes[0];
  if (urls.length === 0 || code === undefined) throw new UserError('--fault watch-hot-key: this stage has no Redis holding links to watch');
  const key = `link:${code}`;
  const watch = await KeyEvents.open(urls, key, () => ctx.elapsedMs());
  return {
    spec,
    async run() {},
    async finish() {
      await new Promise((r) => setTimeout(r, TRAILING_MS));
      await watch.close();
    },
    record(step) {
      const endMs = step.durationS * 1000 + TRAILING_MS;
      // The first fill is the cold one (the entry was not there yet); after it, every fill follows an expiry or an early refresh.
      const fills = watch.setsBetween(0, endMs);
      const expiries = watch.expiredBetween(0, endMs);
      const refills = Math.max(0, fills - 1);
      const periods = Math.max(1, expiries);
      return {
        kind: 'watch-hot-key',
        target: key,
        atMs: 0,
        detail: `counted SETs (fills, one DB read each) and expiries of ${key} (rank-1 code) over the step; stampede defences ${ctx.topology.stampedeDefences ? 'on' : 'off'}, TTL ${ctx.topology.cacheTtlMs} ms`,
        events: watch.expiredTimes().slice(0, 50).map((t) => ({ atMs: Math.round(t * 10) / 10, what: 'expired' })),
        outcome: {
          stampedeDefences: ctx.topology.stampedeDefences ? 1 : 0,
          fills,
          expiries,
          refillsPerExpiry: expiries > 0 ? Math.round((refills / periods) * 1000) / 1000 : 0,
          ttlPeriods: Math.round((step.durationS * 1000) / ctx.topology.cacheTtlMs),
          refillsPerTtl: Math.round((refills / Math.max(1, (step.durationS * 1000) / ctx.topology.cacheTtlMs)) * 1000) / 1000,
        },
      };
    },
  };
};
