// Per-process CPU and peak-RSS account over a step: a baseline at start, RSS sampled every interval, the delta at stop.
import fs from 'node:fs';
import { childrenIndex, processTree, readProcStat } from './process-stats.ts';

export interface ProcessAccount {
  name: string;
  role: string;
  pid: number;
  /** user + sys CPU seconds spent between start() and stop() (tree: summed over the process and its descendants). */
  cpuSeconds: number;
  /** cpuSeconds / wall seconds; 1.0 = one full core. */
  utilization: number;
  /** Highest RSS seen while sampling (tree: highest sum); for a single Linux process also its VmHWM after a reset. */
  rssPeakBytes: number;
  /** Wall time of the account (s). */
  wallSeconds: number;
  cpus?: string;
  /** Involuntary context switches in the window (main thread of each process; tree: summed); Linux only. */
  involuntaryCtxSwitches?: number;
  /** Seconds runnable but waiting for a CPU in the window (main thread of each process; tree: summed); Linux only. */
  runQueueWaitSeconds?: number;
  /**
   * The largest of those waits of any one process of the tree (= runQueueWaitSeconds for a single process). A share of
   * the step must be read from this: N backends of a database all queued at once sum to N times the wall time.
   */
  runQueueWaitPeakSeconds?: number;
}

export interface SampleTarget {
  name: string;
  role: string;
  pid: number;
  /** Account for the process and all its descendants (nginx master + workers, tsx + its node child). */
  tree?: boolean;
  /** With `tree`: descendants rooted at these pids are someone else's (the stage's services under the harness). */
  exclude?: number[];
  cpus?: string;
}

export interface SamplerOptions {
  /** RSS sampling period in ms (default 200). */
  intervalMs?: number;
  /** Rescan process trees for new descendants every this many samples (default 5; a scan reads all of /proc). */
  rescanEvery?: number;
}

interface TargetState {
  target: SampleTarget;
  pids: number[];
  /** CPU seconds per pid at start (0 for a pid born later: all its CPU is inside the window). */
  baseline: Map<number, number>;
  /** Last CPU seconds seen per pid (a pid that exits keeps its last reading). */
  last: Map<number, number>;
  /** Preemption counters per pid: first and last reading (a pid born later starts at 0). */
  ctxFirst: Map<number, number>;
  ctxLast: Map<number, number>;
  waitFirst: Map<number, number>;
  waitLast: Map<number, number>;
  peakRss: number;
  /** VmHWM was reset at start, so it is the peak since then. */
  hwmReset: boolean;
  hwm: number;
}

/** Resets the peak RSS (VmHWM) of `pid`; false when not permitted or not Linux. */
function resetHwm(pid: number): boolean {
  if (process.platform !== 'linux') return false;
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

const excludeOf = (t: SampleTarget): ReadonlySet<number> | undefined => (t.exclude?.length ? new Set(t.exclude) : undefined);

export class ProcessSampler {
  readonly #targets: SampleTarget[];
  readonly #intervalMs: number;
  readonly #rescanEvery: number;
  #states: TargetState[] = [];
  #timer: NodeJS.Timeout | undefined;
  #startedAt = 0n;
  #ticks = 0;

  constructor(targets: SampleTarget[], opts: SamplerOptions = {}) {
    const { intervalMs = 200, rescanEvery = 5 } = opts;
    if (!(intervalMs >= 10)) throw new RangeError(`intervalMs must be at least 10, got ${intervalMs}`);
    this.#targets = targets;
    this.#intervalMs = intervalMs;
    this.#rescanEvery = Math.max(1, Math.floor(rescanEvery));
  }

  /** Takes the baseline CPU reading now and starts sampling RSS. Calling it again starts a new account. */
  start(): void {
    this.#stopTimer();
    const index = this.#targets.some((t) => t.tree) ? childrenIndex() : undefined;
    this.#states = this.#targets.map((target) => {
      const pids = target.tree && index ? processTree(target.pid, index, excludeOf(target)) : [target.pid];
      const state: TargetState = {
        target, pids, baseline: new Map(), last: new Map(), peakRss: 0, hwmReset: false, hwm: 0,
        ctxFirst: new Map(), ctxLast: new Map(), waitFirst: new Map(), waitLast: new Map(),
      };
      for (const pid of pids) {
        const s = readProcStat(pid);
        if (s) {
          state.baseline.set(pid, s.cpuSeconds);
          state.last.set(pid, s.cpuSeconds);
          if (s.involuntaryCtxSwitches !== undefined) state.ctxFirst.set(pid, s.involuntaryCtxSwitches);
          if (s.runQueueWaitSeconds !== undefined) state.waitFirst.set(pid, s.runQueueWaitSeconds);
        }
      }
      state.hwmReset = !target.tree && resetHwm(target.pid);
      return state;
    });
    this.#ticks = 0;
    this.#startedAt = process.hrtime.bigint();
    this.#sample(false);
    this.#timer = setInterval(() => this.#sample(++this.#ticks % this.#rescanEvery === 0), this.#intervalMs);
    this.#timer.unref();
  }

  /** Ends the account: CPU delta since start, utilization over the wall time, peak RSS. */
  stop(): ProcessAccount[] {
    if (this.#startedAt === 0n) throw new Error('ProcessSampler.stop() called before start()');
    this.#stopTimer();
    this.#sample(true);
    const wallSeconds = Number(process.hrtime.bigint() - this.#startedAt) / 1e9;
    return this.#states.map(({ target, baseline, last, peakRss, hwmReset, hwm, ctxFirst, ctxLast, waitFirst, waitLast }) => {
      let cpuSeconds = 0;
      for (const [pid, cpu] of last) cpuSeconds += cpu - (baseline.get(pid) ?? 0);
      const delta = (first: Map<number, number>, lastSeen: Map<number, number>): number | undefined => {
        if (lastSeen.size === 0) return undefined;
        let d = 0;
        for (const [pid, v] of lastSeen) d += v - (first.get(pid) ?? 0);
        return d;
      };
      const ctx = delta(ctxFirst, ctxLast);
      const wait = delta(waitFirst, waitLast);
      let waitPeak: number | undefined;
      for (const [pid, v] of waitLast) waitPeak = Math.max(waitPeak ?? 0, v - (waitFirst.get(pid) ?? 0));
      const account: ProcessAccount = {
        name: target.name,
        role: target.role,
        pid: target.pid,
        cpuSeconds,
        utilization: wallSeconds > 0 ? cpuSeconds / wallSeconds : 0,
        rssPeakBytes: Math.max(peakRss, hwmReset ? hwm : 0),
        wallSeconds,
      };
      if (target.cpus !== undefined) account.cpus = target.cpus;
      if (ctx !== undefined) account.involuntaryCtxSwitches = ctx;
      if (wait !== undefined) account.runQueueWaitSeconds = Math.round(wait * 1e6) / 1e6;
      if (waitPeak !== undefined) account.runQueueWaitPeakSeconds = Math.round(waitPeak * 1e6) / 1e6;
      return account;
    });
  }

  #stopTimer(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #sample(rescan: boolean): void {
    const index = rescan && this.#states.some((s) => s.target.tree) ? childrenIndex() : undefined;
    for (const state of this.#states) {
      if (index && state.target.tree) {
        // Keep pids that have exited (their last reading still counts); add newly born descendants.
        for (const pid of processTree(state.target.pid, index, excludeOf(state.target))) {
          if (!state.pids.includes(pid)) {
            state.pids.push(pid);
            state.baseline.set(pid, 0);
            state.ctxFirst.set(pid, 0);
            state.waitFirst.set(pid, 0);
          }
        }
      }
      let rss = 0;
      for (const pid of state.pids) {
        const s = readProcStat(pid);
        if (s === null) continue;
        state.last.set(pid, s.cpuSeconds);
        if (s.involuntaryCtxSwitches !== undefined) state.ctxLast.set(pid, s.involuntaryCtxSwitches);
        if (s.runQueueWaitSeconds !== undefined) state.waitLast.set(pid, s.runQueueWaitSeconds);
        rss += s.rssBytes;
        if (pid === state.target.pid && s.hwmBytes !== undefined) state.hwm = s.hwmBytes;
      }
      state.peakRss = Math.max(state.peakRss, rss);
    }
  }
}
