// What broke a run and why, read from the step that broke: the saturated machine, or the lock, queue or stall its figures show.
import type { RunResult, StepResult } from '../results/result-types.ts';
import { saturations } from './saturation.ts';
import { gcNote } from './gc-note.ts';

export type CauseKind = 'saturation' | 'lock' | 'queue' | 'stall' | 'generator' | 'unavailable' | 'unexplained';

export interface Cause {
  kind: CauseKind;
  /** The component it points at (a process, 'sqlite', 'redis', 'generator'…). */
  component: string;
  text: string;
}

/** The step where the run broke: the lowest-rate failing step above the knee (knee probes, tiers), else the first failing tier. */
export function breakingStep(r: RunResult): StepResult | undefined {
  const failing = r.steps.filter((s) => s.kind !== 'warmup' && !s.aborted && !s.loadgenBound && !s.slo.pass);
  const rateOf = (s: StepResult) => s.targetRate ?? s.achievedRate;
  const above = r.knee ? failing.filter((s) => rateOf(s) > r.knee!.rate) : failing;
  const pool = above.length ? above : failing;
  return pool.reduce<StepResult | undefined>((a, b) => (!a || rateOf(b) < rateOf(a) ? b : a), undefined);
}

/** Every cause the step's figures support, saturation first. Material thresholds: see each line. */
export function stepCauses(s: StepResult): Cause[] {
  const out: Cause[] = [];
  const f = s.figures ?? {};
  for (const sat of saturations(s.processes)) {
    if (sat.saturated) out.push({ kind: 'saturation', component: sat.name, text: `${sat.name} CPU saturated (${sat.detail})` });
    // Throttled in a fifth of its periods or more without being saturated: bursts stall on the quota.
    else if ((sat.throttledShare ?? 0) >= 0.2) {
      out.push({ kind: 'stall', component: sat.name, text: `${sat.name} throttled in ${((sat.throttledShare ?? 0) * 100).toFixed(0)} % of periods at ${(sat.share * 100).toFixed(0)} % of its budget (bursts stall on the quota)` });
    }
  }
  const busy = f.sqliteBusyRetries ?? 0;
  const writes = f.dbWrites ?? 0;
  if (busy > 0 && busy >= 0.01 * Math.max(1, writes)) out.push({ kind: 'lock', component: 'sqlite', text: `SQLite writer lock: ${busy} busy retries for ${writes} writes` });
  if ((f.sqliteBusyTimeouts ?? 0) > 0) out.push({ kind: 'lock', component: 'sqlite', text: `SQLite writer lock: ${f.sqliteBusyTimeouts} busy timeouts` });
  if ((f.cacheLockWaits ?? 0) > 0.01 * Math.max(1, s.requests.completed)) out.push({ kind: 'lock', component: 'redis', text: `cache rebuild lock: ${f.cacheLockWaits} waits` });
  if ((f.cacheFallbacks ?? 0) > 0) out.push({ kind: 'unavailable', component: 'redis', text: `Redis unavailable: ${f.cacheFallbacks} lookups fell back to SQLite` });
  if ((f.shardWriteSkew ?? 0) >= 1.5) out.push({ kind: 'queue', component: 'sqlite', text: `hot shard: the busiest shard took ${f.shardWriteSkew}× the mean writes` });
  // PostgreSQL: the apps' connection pools full (queries queued in the app, behind its few connections), and reads of
  // codes just created answered 404 by a replica behind the primary (errors clients saw).
  if ((f.pgPoolWaitShare ?? 0) >= 0.1) out.push({ kind: 'queue', component: 'postgres', text: `PostgreSQL pool full: ${((f.pgPoolWaitShare ?? 0) * 100).toFixed(0)} % of queries waited for a connection` });
  if ((f.followAfterCreate404s ?? 0) > 0) out.push({ kind: 'unavailable', component: 'postgres', text: `read replica behind: ${f.followAfterCreate404s} of ${f.followAfterCreateSent} follows of new links answered 404 (--read-your-writes fix)` });
  const loop = f.eventLoopDelayP99Ms ?? 0;
  if (loop > 20) out.push({ kind: 'stall', component: 'app', text: `app event-loop delay p99 ${loop.toFixed(0)} ms${gcNote(f, loop)}` });
  const p99 = s.latencyUs.p99;
  const pool = s.poolWait?.latencyUs.p99;
  if (pool !== undefined && p99 > 0 && pool >= 0.5 * p99) out.push({ kind: 'queue', component: 'generator', text: `client connection-pool wait p99 ${(pool / 1000).toFixed(1)} ms of ${(p99 / 1000).toFixed(1)} ms p99` });
  const lag = s.schedulingLag?.latencyUs.p99;
  if (lag !== undefined && p99 > 0 && lag >= 0.5 * p99) out.push({ kind: 'generator', component: 'generator', text: `generator scheduling lag p99 ${(lag / 1000).toFixed(1)} ms of ${(p99 / 1000).toFixed(1)} ms p99` });
  return out;
}

export interface WhatBroke {
  /** Rate (model req/s) of the step that broke. */
  rate: number;
  tier: string;
  component: string;
  cause: string;
  causes: Cause[];
}

/** The breaking step's main cause (saturation, else the first lock/queue/stall), else the run's own attribution text. */
export function whatBroke(r: RunResult): WhatBroke | undefined {
  const s = breakingStep(r);
  if (!s) return undefined;
  const causes = stepCauses(s);
  const main = causes[0];
  const fallback = s.bottleneck ?? s.slo.reasons.join(', ');
  // Several machines of one role saturated together (4 apps behind a balancer): name the role and the count.
  const roleOf = (name: string) => s.processes.find((p) => p.name === name)?.role;
  const mainRole = main?.kind === 'saturation' ? roleOf(main.component) : undefined;
  const sameRole = mainRole ? causes.filter((c) => c.kind === 'saturation' && roleOf(c.component) === mainRole).length : 0;
  return {
    rate: s.targetRate ?? s.achievedRate,
    tier: s.tier,
    component: sameRole > 1 ? `${mainRole} ×${sameRole}` : (main?.component ?? '?'),
    cause: main?.text ?? (fallback || 'SLO missed, no figure explains it'),
    causes,
  };
}
