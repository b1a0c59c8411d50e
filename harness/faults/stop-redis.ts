// stop-redis (stage 2+): SIGKILL redis-server mid-step, restart it (empty) on its port after +for; fallbacks, DB load, client errors.
import { UserError } from '../errors/user-error.ts';
import type { FaultRecord } from '../results/result-types.ts';
import type { StageCounters } from '../stages/stage-types.ts';
import { ms1 } from './fault-clock.ts';
import type { FaultFactory } from './fault-types.ts';
import { counterDelta, outageOutcome, serviceOutage, type Outage } from './service-outage.ts';

// SIGKILL rather than SIGSTOP: an outage (connections refused, data gone) rather than a hang; a restart on the same port
// comes back empty, so the cold cache after it is part of what is measured.
export const stopRedis: FaultFactory = async (spec, ctx) => {
  const caches = ctx.stage.services.filter((s) => s.role === 'cache');
  const svc = caches[0];
  if (svc === undefined) throw new UserError('--fault stop-redis: this stage has no redis-server to stop');
  const events: FaultRecord['events'] = [];
  const notes: string[] = [];
  const read = () => ctx.stage.readCounters().catch((e: Error) => (notes.push(`counters not read: ${e.message}`), undefined));
  const atStart = await read();
  let atKill: StageCounters | undefined;
  let atReady: StageCounters | undefined;
  let atEnd: StageCounters | undefined;
  let outage: Outage | undefined;

  return {
    spec,
    async run() {
      atKill = await read();
      outage = await serviceOutage(ctx, svc, { downMs: spec.forS * 1000, events });
      if (outage.problem) notes.push(outage.problem);
      atReady = await read();
    },
    async finish() {
      atEnd = await read();
    },
    record(step) {
      const o = outage;
      const { atMs, outcome: base } = outageOutcome(step, o, spec.atS);
      const d = counterDelta;
      const perRedirect = (a: StageCounters | undefined, b: StageCounters | undefined) => {
        const r = d(a, b, 'redirects');
        return r > 0 ? Math.round((d(a, b, 'dbReads') / r) * 1000) / 1000 : 0;
      };
      const outcome: Record<string, number> = {
        ...base,
        fallbacksDuringOutage: d(atKill, atReady, 'fallbacks'),
        fallbacksAfterRestart: d(atReady, atEnd, 'fallbacks'),
        breakerOpens: d(atKill, atEnd, 'breakerOpens'),
        redirectsDuringOutage: d(atKill, atReady, 'redirects'),
        dbReadsPerRedirectBefore: perRedirect(atStart, atKill),
        dbReadsPerRedirectDuring: perRedirect(atKill, atReady),
        dbReadsPerRedirectAfter: perRedirect(atReady, atEnd),
      };
      if (caches.length > 1) notes.push(`one node of ${caches.length} (${svc.name}) was stopped`);
      return {
        kind: 'stop-redis',
        target: svc.name,
        atMs: ms1(atMs),
        pid: o?.pid ?? svc.pid,
        detail: `SIGKILL to ${svc.name} (pid ${o?.pid ?? svc.pid}); restarted empty on port ${svc.port ?? '?'} ${spec.forS} s later`,
        events,
        outcome,
        ...(notes.length ? { notes } : {}),
      };
    },
  };
};
