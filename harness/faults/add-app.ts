// add-app (a stage with a balancer): one more app process joins the balancer at @at (graceful reload) and leaves it
// +for later (graceful reload again); what the membership change costs: per-interval DB reads and cache misses,
// client errors and p99 around each change, and the time until the misses are back to their level before.
import { upstreamOf } from '../services/balancer.ts';
import { readAppCounters } from '../stages/app-metrics-reader.ts';
import type { StageCounters } from '../stages/stage-types.ts';
import { UserError } from '../errors/user-error.ts';
import type { FaultRecord, StepResult, TimelinePoint } from '../results/result-types.ts';
import type { StartedService } from '../supervisor/started-service.ts';
import { changeCost } from './change-recovery.ts';
import { CounterSampler } from './counter-series.ts';
import { ms1, sleepUntil } from './fault-clock.ts';
import type { FaultFactory } from './fault-types.ts';

/** Counters whose per-interval rates the record keeps (summed over every app, the joined one included). */
export const ADD_APP_SERIES = ['redirects', 'dbReads', 'localMisses', 'redisMisses'] as const;
/** Sampling period of those counters, ms. */
export const ADD_APP_PERIOD_MS = 500;

export const addApp: FaultFactory = async (spec, ctx) => {
  const lb = ctx.stage.balancer;
  if (lb === undefined || ctx.stage.addApp === undefined) throw new UserError('--fault add-app needs a stage with a balancer (stage 3+) to add an app process to');
  // Started before the step, so the join at @at is only the balancer's reload (a server already up, added to the pool).
  const app: StartedService = await ctx.stage.addApp();
  const upstream = upstreamOf(app);
  const events: FaultRecord['events'] = [];
  const notes: string[] = [];
  const sampler = new CounterSampler(ctx, ADD_APP_PERIOD_MS);
  let joinMs: number | undefined;
  let leaveMs: number | undefined;
  let endMs: number | undefined;
  /** The joined app's own counters at the join and at the leave: what it served and missed while a member. */
  let atJoin: StageCounters | undefined;
  let atLeave: StageCounters | undefined;
  const readJoined = () => readAppCounters(app.url!).catch(() => undefined);
  events.push({ atMs: 0, what: `${app.name} (pid ${app.pid}) started before the step, not behind ${lb.kind} yet` });

  return {
    spec,
    begin: () => sampler.start(),
    async run() {
      atJoin = await readJoined();
      joinMs = ctx.elapsedMs();
      await lb.setUpstreams([...lb.upstreams, upstream], 'reload');
      events.push({ atMs: ms1(joinMs), what: `${app.name} added to ${lb.kind} (${lb.upstreams.length} apps)` });
      events.push({ atMs: ms1(ctx.elapsedMs()), what: `${lb.kind} reloaded: old workers gone` });
      if (!(await sleepUntil(ctx, (spec.atS + spec.forS) * 1000))) return;
      leaveMs = ctx.elapsedMs();
      await lb.setUpstreams(lb.upstreams.filter((u) => u.id !== upstream.id), 'reload');
      // After the reload the old workers are gone: nothing reaches the app any more.
      atLeave = await readJoined();
      events.push({ atMs: ms1(leaveMs), what: `${app.name} removed from ${lb.kind} (${lb.upstreams.length} apps)` });
      events.push({ atMs: ms1(ctx.elapsedMs()), what: `${lb.kind} reloaded: old workers gone` });
    },
    async finish() {
      endMs = ctx.elapsedMs();
      await sampler.stop();
      // The app stays up (idle) until the run ends, so the step's after-read still sums its counters.
    },
    record(step) {
      const series = sampler.series(ADD_APP_SERIES);
      const loadEndMs = Math.min(endMs ?? step.durationS * 1000, step.durationS * 1000);
      const join = joinMs ?? spec.atS * 1000;
      const leave = leaveMs ?? (spec.atS + spec.forS) * 1000;
      const outcome: Record<string, number> = {};
      for (const [name, from, until] of [['join', join, leave], ['leave', leave, loadEndMs]] as const) {
        for (const key of ['localMisses', 'redisMisses', 'dbReads'] as const) {
          const c = changeCost(series, key, 'redirects', join, from, until);
          const K = key[0].toUpperCase() + key.slice(1);
          outcome[`${name}Extra${K}`] = c.extra;
          outcome[`${name}Peak${K}PerRedirect`] = c.peakRatio;
          if (name === 'join') outcome[`baseline${K}PerRedirect`] = c.baselineRatio;
          if (key === 'localMisses' && c.recoveredMs !== undefined) outcome[`${name}RecoveredMs`] = c.recoveredMs;
        }
        Object.assign(outcome, clientAround(step.timeline ?? [], name, join, from, until));
      }
      // The joined app's own cost: its misses beyond what the fleet missed per redirect before the join (its cold LRU).
      if (atJoin && atLeave) {
        const d = (k: string) => (atLeave![k] ?? 0) - (atJoin![k] ?? 0);
        const base = outcome.baselineLocalMissesPerRedirect ?? 0;
        outcome.joinedAppRedirects = d('redirects');
        outcome.joinedAppLocalMisses = d('localMisses');
        outcome.joinedAppExtraLocalMisses = Math.round(d('localMisses') - base * d('redirects')) || 0; // never -0 (see change-recovery.ts)
        if (d('redirects') > 0) outcome.joinedAppLocalMissesPerRedirect = Math.round((d('localMisses') / d('redirects')) * 1000) / 1000;
      }
      if (joinMs === undefined) notes.push('the join never happened: the step ended before its time');
      if (leaveMs === undefined && joinMs !== undefined) notes.push('the leave never happened: the step ended before its time');
      if (step.timeline === undefined) notes.push('no per-second timeline from this driver: client-side figures are 0');
      notes.push(
        `extra: Σ over ${ADD_APP_PERIOD_MS}-ms intervals until the next change of (events − their per-redirect median before the join × redirects); recovered: local-LRU misses per redirect back under 1.25 × that median + 0.02 (absent = not in the window)`,
      );
      return {
        kind: 'add-app',
        target: app.name,
        atMs: ms1(join),
        pid: app.pid,
        detail: `${app.name} joined ${lb.kind} (${lb.algorithm}) at ${spec.atS} s and left ${spec.forS} s later, each by a graceful reload`,
        events,
        outcome,
        series,
        ...(notes.length ? { notes } : {}),
      };
    },
  };
};

/** Client-side errors and p99 in the seconds of [fromMs, untilMs), with the p99 median of the whole seconds before the join. */
function clientAround(timeline: readonly TimelinePoint[], name: string, joinMs: number, fromMs: number, untilMs: number): Record<string, number> {
  const sec = (p: TimelinePoint) => p.second * 1000;
  const before = timeline.filter((p) => sec(p) >= 1000 && sec(p) + 1000 <= joinMs);
  const window = timeline.filter((p) => sec(p) + 1000 > fromMs && sec(p) < untilMs);
  const p99s = before.map((p) => p.p99Us).sort((a, b) => a - b);
  return {
    [`${name}Errors`]: window.reduce((a, p) => a + p.errors, 0),
    [`${name}P99MaxUs`]: Math.max(0, ...window.map((p) => p.p99Us)),
    ...(name === 'join' ? { baselineP99Us: p99s.length ? p99s[p99s.length >> 1] : 0 } : {}),
  };
}
