// origin-down (stage 4+): SIGKILL the balancer behind the CDN, restart it after +for; what the CDN kept serving, what clients saw.
import { UserError } from '../errors/user-error.ts';
import type { FaultRecord } from '../results/result-types.ts';
import type { StageCounters } from '../stages/stage-types.ts';
import { ms1 } from './fault-clock.ts';
import type { FaultFactory } from './fault-types.ts';
import { counterDelta, outageOutcome, serviceOutage, type Outage } from './service-outage.ts';

export const originDown: FaultFactory = async (spec, ctx) => {
  const svc = ctx.stage.services.find((s) => s.role === 'balancer');
  if (svc === undefined || !ctx.stage.services.some((s) => s.role === 'cdn')) {
    throw new UserError('--fault origin-down: this stage has no balancer behind a CDN to take down');
  }
  const events: FaultRecord['events'] = [];
  const notes: string[] = [];
  const read = () => ctx.stage.readCounters().catch((e: Error) => (notes.push(`counters not read: ${e.message}`), undefined));
  let atKill: StageCounters | undefined;
  let atReady: StageCounters | undefined;
  let outage: Outage | undefined;

  return {
    spec,
    async run() {
      atKill = await read();
      // The whole group: nginx workers (HAProxy's -W worker) would otherwise go on serving without their master.
      outage = await serviceOutage(ctx, svc, { downMs: spec.forS * 1000, events });
      if (outage.problem) notes.push(outage.problem);
      atReady = await read();
    },
    record(step) {
      const o = outage;
      const { atMs, outcome: base } = outageOutcome(step, o, spec.atS);
      const d = (k: string) => counterDelta(atKill, atReady, k);
      const lookups = d('cdnRequests') - d('cdnBypass');
      const outcome: Record<string, number> = {
        ...base,
        cdnRequestsDuring: d('cdnRequests'),
        cdnHitsDuring: d('cdnHits'),
        cdnStaleDuring: d('cdnStale'),
        cdnStaleIfErrorDuring: d('cdnStaleIfError'),
        cdnUpstreamErrorsDuring: d('cdnUpstreamErrors'),
        cdnHitShareDuring: lookups > 0 ? Math.round(((d('cdnHits') + d('cdnStale')) / lookups) * 1000) / 1000 : 0,
      };
      if (d('cdnStaleIfError') === 0 && d('cdnHits') > 0) {
        notes.push('no stale-if-error needed: the stored redirects were still fresh (s-maxage) for the whole outage');
      }
      return {
        kind: 'origin-down',
        target: svc.name,
        atMs: ms1(atMs),
        pid: o?.pid ?? svc.pid,
        detail: `SIGKILL to ${svc.name}'s process group (pid ${o?.pid ?? svc.pid}), the origin behind the CDN; restarted on its port ${spec.forS} s later`,
        events,
        outcome,
        ...(notes.length ? { notes } : {}),
      };
    },
  };
};
