// kill-app (a stage with a balancer): SIGKILL app-1 mid-step, restart it on its port after +for; clients' errors, the balancer's reaction, recovery.
import { UserError } from '../errors/user-error.ts';
import type { FaultRecord } from '../results/result-types.ts';
import { readAppCounters } from '../stages/app-metrics-reader.ts';
import type { StageCounters } from '../stages/stage-types.ts';
import { ms1, pollUntil } from './fault-clock.ts';
import { logLines, logSize } from './log-slice.ts';
import type { FaultFactory } from './fault-types.ts';
import { outageOutcome, serviceOutage, type Outage } from './service-outage.ts';

/** How long after the step's end we still wait for the restarted app to serve (the drain may still be sending it requests). */
const SERVE_GRACE_MS = 1000;

export const killApp: FaultFactory = async (spec, ctx) => {
  const apps = ctx.stage.services.filter((s) => s.role === 'app');
  const svc = apps.find((s) => s.name === 'app-1') ?? apps[0];
  if (svc === undefined || svc.url === undefined || svc.port === undefined || apps.length < 2) {
    throw new UserError('--fault kill-app: this stage has no second app process behind a balancer to fail over to');
  }
  const { url, port } = svc;
  const events: FaultRecord['events'] = [];
  const notes: string[] = [];
  let before: StageCounters | undefined;
  let outage: Outage | undefined;
  let servingAtMs: number | undefined;
  // nginx logs every failed attempt on an upstream at [error] (then retries it on another app when it may): while app-1 is
  // down, those lines are the requests the balancer still sent to it. HAProxy logs no per-request errors here.
  const lb = ctx.topology.balancer === 'nginx' ? ctx.stage.services.find((s) => s.role === 'balancer') : undefined;
  const lbLog = { from: 0, to: 0 };

  return {
    spec,
    async run() {
      // Its counts so far: the restarted process begins at 0, so the step's sums need them added back (adjustCounters).
      before = await readAppCounters(url).catch(() => undefined);
      if (lb) lbLog.from = logSize(lb.logFile);
      // The stage booted each app on a port of its own choosing, so the restart reuses the spec as it is.
      outage = await serviceOutage(ctx, svc, { downMs: spec.forS * 1000, events });
      if (lb) lbLog.to = logSize(lb.logFile);
      if (outage.problem) notes.push(outage.problem);
      if (outage.restarted === undefined) return;
      // Serving again: requests reach it through the balancer, i.e. its own redirect count grows from 0.
      servingAtMs = await pollUntil(ctx, async () => (await readAppCounters(url)).redirects > 0, ctx.stepDurationS * 1000 + SERVE_GRACE_MS);
      if (servingAtMs !== undefined) events.push({ atMs: ms1(servingAtMs), what: `${svc.name} serving again (its redirect count grows)` });
      else notes.push(`${svc.name} was ready again but got no request before the load ended`);
    },
    adjustCounters(after) {
      if (before === undefined || outage?.restarted === undefined || after.redirects === undefined) return after;
      const out: StageCounters = { ...after };
      for (const [k, v] of Object.entries(before)) if (!k.startsWith('eventLoopDelay')) out[k] = (out[k] ?? 0) + v;
      return out;
    },
    record(step) {
      const o = outage;
      const { atMs, impact, outcome: base } = outageOutcome(step, o, spec.atS);
      const outcome: Record<string, number> = {
        ...base,
        ...(impact.firstCleanMs !== undefined ? { balancerCleanMs: ms1(impact.firstCleanMs) } : {}),
        ...(servingAtMs !== undefined ? { servingAgainMs: ms1(servingAtMs - atMs) } : {}),
        ...(servingAtMs !== undefined && o?.readyAtMs !== undefined ? { servingAfterReadyMs: ms1(servingAtMs - o.readyAtMs) } : {}),
        ...(lb ? { balancerErrorsWhileDown: upstreamErrorLines(lb.logFile, lbLog.from, lbLog.to, port) } : {}),
      };
      if (step.timeline === undefined) notes.push('no per-second timeline from this driver: client-side figures are 0');
      return {
        kind: 'kill-app',
        target: svc.name,
        atMs: ms1(atMs),
        pid: o?.pid ?? svc.pid,
        detail: `SIGKILL to ${svc.name} (pid ${o?.pid ?? svc.pid}) behind the balancer; restarted on port ${port} ${spec.forS} s later`,
        events,
        outcome,
        ...(notes.length ? { notes } : {}),
      };
    },
  };
};


/** nginx [error] lines naming the dead app's address, written between the kill and its restart. */
function upstreamErrorLines(file: string, from: number, to: number, port: number): number {
  const addr = new RegExp(`127\\.0\\.0\\.1:${port}(?!\\d)`);
  return logLines(file, from, to).filter((l) => l.includes('[error]') && addr.test(l)).length;
}
