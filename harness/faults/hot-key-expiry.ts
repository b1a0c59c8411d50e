// hot-key-expiry (stage 2+): delete the hottest code's Redis entry every 50 ms for +for and count the DB reads that follow
// (each refill is one DB read then one SET, seen via keyspace notifications); run with --no-stampede-defences for "without".
import { UserError } from '../errors/user-error.ts';
import type { FaultRecord, TimelinePoint } from '../results/result-types.ts';
import type { StageCounters } from '../stages/stage-types.ts';
import { ms1, sleepUntil } from './fault-clock.ts';
import type { FaultFactory } from './fault-types.ts';
import { KeyEvents } from './key-events.ts';
import { impactOf } from './timeline-impact.ts';

/** Time between two deletes of the hot entry. */
export const HOT_KEY_DELETE_EVERY_MS = 50;
/** Notifications of fills still in flight when the storm ends are counted this long after it. */
const TRAILING_MS = 200;

export const hotKeyExpiry: FaultFactory = async (spec, ctx) => {
  const urls = ctx.stage.services.filter((s) => s.role === 'cache' && s.url?.startsWith('redis://')).map((s) => s.url!);
  const code = ctx.stage.codes[0];
  if (urls.length === 0 || code === undefined) throw new UserError('--fault hot-key-expiry: this stage has no Redis holding links to expire');
  const key = `link:${code}`;
  const watch = await KeyEvents.open(urls, key, () => ctx.elapsedMs());
  const events: FaultRecord['events'] = [];
  const notes: string[] = [];
  const read = () => ctx.stage.readCounters().catch(() => undefined);
  let startMs: number | undefined;
  let endMs: number | undefined;
  let issued = 0;
  let removed = 0;
  let atStart: StageCounters | undefined;
  let atEnd: StageCounters | undefined;

  return {
    spec,
    async run() {
      atStart = await read();
      startMs = ctx.elapsedMs();
      events.push({ atMs: ms1(startMs), what: `deleting ${key} every ${HOT_KEY_DELETE_EVERY_MS} ms` });
      for (let next = startMs; next < startMs + spec.forS * 1000; next += HOT_KEY_DELETE_EVERY_MS) {
        if (!(await sleepUntil(ctx, next))) break;
        issued++;
        removed += await watch.del();
      }
      endMs = ctx.elapsedMs();
      events.push({ atMs: ms1(endMs), what: `stopped deleting (${issued} deletes, ${removed} removed an entry)` });
      atEnd = await read();
    },
    async finish() {
      await new Promise((r) => setTimeout(r, TRAILING_MS));
      await watch.close();
    },
    record(step) {
      const s = startMs ?? spec.atS * 1000;
      const e = endMs ?? s;
      const fills = watch.setsBetween(s, e + TRAILING_MS);
      const impact = impactOf({ timeline: step.timeline ?? [], atMs: s, endMs: e, durationS: step.durationS });
      const d = (k: string) => (atStart && atEnd ? (atEnd[k] ?? 0) - (atStart[k] ?? 0) : 0);
      const p99 = (pts: TimelinePoint[]) => Math.max(0, ...pts.map((p) => p.p99Us));
      const tl = step.timeline ?? [];
      const outcome: Record<string, number> = {
        stampedeDefences: ctx.topology.stampedeDefences ? 1 : 0,
        deletesIssued: issued,
        entriesDeleted: removed,
        hotCodeDbReads: fills,
        hotCodeDbReadsPerDelete: removed > 0 ? Math.round((fills / removed) * 1000) / 1000 : 0,
        hotCodeDbReadsBefore: watch.setsBetween(0, s),
        dbReadsDuring: d('dbReads'),
        lockWaitsDuring: d('lockWaits'),
        clientErrors: impact.clientErrors,
        p99UsBefore: p99(tl.filter((p) => (p.second + 1) * 1000 <= s)),
        p99UsDuring: p99(tl.filter((p) => (p.second + 1) * 1000 > s && p.second * 1000 < e)),
      };
      if (ctx.stage.composition?.has('local-lru') && ctx.topology.localLruSize > 0) notes.push('each app keeps the hot code in its local LRU (5 s): Redis deletes reach the DB only as those entries expire');
      if (ctx.stage.composition?.has('cdn')) notes.push('the CDN serves the hot redirect from its own store: few requests for it reach the apps at all');
      return {
        kind: 'hot-key-expiry',
        target: key,
        atMs: ms1(s),
        detail: `DEL ${key} (rank-1 code) every ${HOT_KEY_DELETE_EVERY_MS} ms for ${spec.forS} s; stampede defences (single-flight, XFetch) ${ctx.topology.stampedeDefences ? 'on' : 'off'}`,
        events,
        outcome,
        ...(notes.length ? { notes } : {}),
      };
    },
  };
};
