// An outage of one supervised service: signal it (its exit marked expected), wait, start it again from its spec, swap the handle in.
import type { FaultRecord, StepResult } from '../results/result-types.ts';
import type { StageCounters } from '../stages/stage-types.ts';
import type { ServiceSpec } from '../supervisor/service-spec.ts';
import type { StartedService } from '../supervisor/started-service.ts';
import { ms1, sleepUntil } from './fault-clock.ts';
import type { FaultContext } from './fault-types.ts';
import { impactOf } from './timeline-impact.ts';

export interface Outage {
  name: string;
  pid: number;
  signal: NodeJS.Signals;
  /** Step time of the signal. */
  killedAtMs: number;
  /** Step time the process group was gone. */
  goneAtMs?: number;
  /** Step time the restart was spawned. */
  restartAtMs?: number;
  /** Step time the restarted service was ready. */
  readyAtMs?: number;
  /** The restarted service (also swapped into stage.services). */
  restarted?: StartedService;
  /** Why it was not restarted, if it was not. */
  problem?: string;
}

export interface OutageOptions {
  signal?: NodeJS.Signals;
  /** The restart happens this long after the signal, ms. */
  downMs: number;
  /** Changes the spec for the restart (e.g. pins an app's port). */
  edit?: (spec: ServiceSpec) => ServiceSpec;
  /** Appends an event to the fault's record as it happens. */
  events: FaultRecord['events'];
}

export async function serviceOutage(ctx: FaultContext, svc: StartedService, o: OutageOptions): Promise<Outage> {
  const signal = o.signal ?? 'SIGKILL';
  const out: Outage = { name: svc.name, pid: svc.pid, signal, killedAtMs: ctx.elapsedMs() };
  o.events.push({ atMs: ms1(out.killedAtMs), what: `${signal} to ${svc.name} (pid ${svc.pid})` });
  await ctx.supervisor.kill(svc, signal);
  out.goneAtMs = ctx.elapsedMs();
  o.events.push({ atMs: ms1(out.goneAtMs), what: `${svc.name} gone` });
  if (!(await sleepUntil(ctx, out.killedAtMs + o.downMs))) {
    out.problem = `not restarted: the run was aborted`;
    return out;
  }
  out.restartAtMs = ctx.elapsedMs();
  try {
    const fresh = await ctx.supervisor.restart(svc.name, o.edit);
    out.readyAtMs = ctx.elapsedMs();
    out.restarted = fresh;
    const i = ctx.stage.services.indexOf(svc);
    if (i >= 0) ctx.stage.services[i] = fresh;
    o.events.push({ atMs: ms1(out.restartAtMs), what: `restart of ${svc.name} spawned` });
    o.events.push({ atMs: ms1(out.readyAtMs), what: `${svc.name} ready again (pid ${fresh.pid})` });
  } catch (e) {
    out.problem = `restart of ${svc.name} failed: ${(e as Error).message}`;
  }
  return out;
}

/** Outcome figures every outage fault shares (ms relative to the signal). */
export function outageFigures(o: Outage): Record<string, number> {
  const f: Record<string, number> = {};
  if (o.readyAtMs !== undefined) f.downMs = ms1(o.readyAtMs - o.killedAtMs);
  if (o.readyAtMs !== undefined && o.restartAtMs !== undefined) f.restartMs = ms1(o.readyAtMs - o.restartAtMs);
  return f;
}

/**
 * What clients saw during an outage, read from the step's per-second timeline: when it hit (`atMs`), the impact, and
 * the outcome fields every outage fault reports (errors, error rate while down, impact, down/restart, recovery).
 */
export function outageOutcome(step: StepResult, o: Outage | undefined, plannedAtS: number) {
  const atMs = o?.killedAtMs ?? plannedAtS * 1000;
  const impact = impactOf({ timeline: step.timeline ?? [], atMs, endMs: o?.readyAtMs, durationS: step.durationS });
  const outcome: Record<string, number> = {
    clientErrors: impact.clientErrors,
    errorsBefore: impact.errorsBefore,
    errorRateDuring: Math.round(impact.errorRateDuring * 1e6) / 1e6,
    impactMs: ms1(impact.impactMs),
    ...(o ? outageFigures(o) : {}),
    ...(impact.recoveredMs !== undefined ? { recoveredMs: ms1(impact.recoveredMs) } : {}),
  };
  return { atMs, impact, outcome };
}

/** Difference of one counter between two reads (0 when either read failed). */
export function counterDelta(a: StageCounters | undefined, b: StageCounters | undefined, key: string): number {
  return a && b ? (b[key] ?? 0) - (a[key] ?? 0) : 0;
}
