// CPU seconds, RSS and threads of a process (or a process tree), read from the OS rather than estimated.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

export interface ProcStat {
  /** user + sys CPU seconds since the process started. */
  cpuSeconds: number;
  userSeconds: number;
  sysSeconds: number;
  rssBytes: number;
  /** Peak RSS since start or since the last clear_refs reset (Linux VmHWM). */
  hwmBytes?: number;
  threads: number;
  /** Times the main thread was switched out while it could still run (Linux nonvoluntary_ctxt_switches). */
  involuntaryCtxSwitches?: number;
  /** Seconds the main thread spent runnable but waiting for a CPU (Linux /proc/PID/schedstat, 2nd field). */
  runQueueWaitSeconds?: number;
}

let clockTicks: number | undefined;

/** Kernel clock ticks per second (`getconf CLK_TCK`, read once; 100 when unavailable). */
export function clkTck(): number {
  if (clockTicks === undefined) {
    try {
      const n = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
      clockTicks = Number.isFinite(n) && n > 0 ? n : 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** Fields of /proc/<pid>/stat after the command name (which may hold spaces and parens): index 0 is the state. */
export function statFields(statLine: string): string[] {
  return statLine.slice(statLine.lastIndexOf(')') + 2).trim().split(' ');
}

const kib = (status: string, key: string): number | undefined => {
  const m = new RegExp(`^${key}:\\s+(\\d+)\\s+kB`, 'm').exec(status);
  return m ? Number(m[1]) * 1024 : undefined;
};

function readLinux(pid: number): ProcStat | null {
  let stat: string;
  let status: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null; // gone
  }
  const f = statFields(stat);
  if (f[0] === 'Z' || f[0] === 'X') return null; // exited, not yet reaped
  const tck = clkTck();
  // stat(5): utime is field 14, stime 15, num_threads 20, rss 24 (pages); f[0] is field 3.
  const userSeconds = Number(f[11]) / tck;
  const sysSeconds = Number(f[12]) / tck;
  const threads = Number(f[17]);
  const rssBytes = kib(status, 'VmRSS') ?? 0;
  const out: ProcStat = { cpuSeconds: userSeconds + sysSeconds, userSeconds, sysSeconds, rssBytes, hwmBytes: kib(status, 'VmHWM'), threads };
  const nv = /^nonvoluntary_ctxt_switches:\s+(\d+)/m.exec(status);
  if (nv) out.involuntaryCtxSwitches = Number(nv[1]);
  try {
    const wait = Number(fs.readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]);
    if (Number.isFinite(wait)) out.runQueueWaitSeconds = wait / 1e9;
  } catch {
    // no schedstats (kernel without CONFIG_SCHEDSTATS), or gone
  }
  return out;
}

/** "[[dd-]hh:]mm:ss[.ff]" → seconds. */
function psTime(text: string): number {
  const [days, rest] = text.includes('-') ? text.split('-') : ['0', text];
  return Number(days) * 86_400 + rest.split(':').reduce((acc, part) => acc * 60 + Number(part), 0);
}

/**
 * macOS and other non-Linux systems: `ps` is coarser (CPU time in 1/100 s at best, no user/sys split here, no peak RSS,
 * no thread count) and costs a fork per reading; good enough for a rough account, not for the published numbers.
 */
function readPs(pid: number): ProcStat | null {
  try {
    const out = execFileSync('ps', ['-o', 'rss=,time=', '-p', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const [rss, time] = out.split(/\s+/);
    if (!rss || !time) return null;
    const cpuSeconds = psTime(time);
    return { cpuSeconds, userSeconds: cpuSeconds, sysSeconds: 0, rssBytes: Number(rss) * 1024, threads: 0 };
  } catch {
    return null; // ps exits non-zero when the pid is gone
  }
}

/** CPU and memory of one process; null when it is gone (or a zombie). */
export function readProcStat(pid: number): ProcStat | null {
  return process.platform === 'linux' ? readLinux(pid) : readPs(pid);
}

export interface ProcEntry {
  pid: number;
  /** One-letter state: R, S, D, Z (zombie), X (dead)… */
  state: string;
  ppid: number;
  pgrp: number;
}

/** Every process now, from one scan of /proc (Linux only: empty elsewhere or when /proc cannot be read). */
export function listProcs(): ProcEntry[] {
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return [];
  }
  const out: ProcEntry[] = [];
  for (const entry of entries) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const f = statFields(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
      out.push({ pid, state: f[0], ppid: Number(f[1]), pgrp: Number(f[2]) });
    } catch {
      // exited while we looked
    }
  }
  return out;
}

/** A zombie (exited, not yet reaped: this VM's init never reaps orphans) or a dead entry does not count as running. */
export const isLive = (p: ProcEntry): boolean => p.state !== 'Z' && p.state !== 'X';

/** pid → parent pid of every process (Linux: /proc; elsewhere: ps). */
function parentMap(): Map<number, number> {
  const parents = new Map<number, number>();
  if (process.platform === 'linux') {
    for (const p of listProcs()) parents.set(p.pid, p.ppid);
    return parents;
  }
  const out = execFileSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' });
  for (const line of out.trim().split('\n')) {
    const [pid, ppid] = line.trim().split(/\s+/).map(Number);
    if (Number.isInteger(pid) && Number.isInteger(ppid)) parents.set(pid, ppid);
  }
  return parents;
}

/** parent pid → its children, for every process now (one scan serves many trees). */
export function childrenIndex(): Map<number, number[]> {
  const children = new Map<number, number[]>();
  for (const [child, parent] of parentMap()) {
    const list = children.get(parent);
    if (list) list.push(child);
    else children.set(parent, [child]);
  }
  return children;
}

/** `pid` and all its descendants, `pid` first; subtrees rooted at an `exclude` pid are left out (e.g. the stage under the harness). */
export function processTree(pid: number, index: Map<number, number[]> = childrenIndex(), exclude?: ReadonlySet<number>): number[] {
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) {
    for (const c of index.get(tree[i]) ?? []) if (!exclude?.has(c)) tree.push(c);
  }
  return tree;
}

/** Sum of `stats` (hwm is summed too: an upper bound of the tree's peak, since members peak at different times). */
export function sumStats(stats: ProcStat[]): ProcStat {
  const total: ProcStat = { cpuSeconds: 0, userSeconds: 0, sysSeconds: 0, rssBytes: 0, threads: 0 };
  let hwm: number | undefined;
  for (const s of stats) {
    total.cpuSeconds += s.cpuSeconds;
    total.userSeconds += s.userSeconds;
    total.sysSeconds += s.sysSeconds;
    total.rssBytes += s.rssBytes;
    total.threads += s.threads;
    if (s.hwmBytes !== undefined) hwm = (hwm ?? 0) + s.hwmBytes;
  }
  if (hwm !== undefined) total.hwmBytes = hwm;
  return total;
}

/** The process plus all its descendants (e.g. nginx master + workers, or tsx + its node child), summed; null if `pid` is gone. */
export function readProcessTreeStat(pid: number): ProcStat | null {
  const root = readProcStat(pid);
  if (root === null) return null;
  const rest = processTree(pid)
    .slice(1)
    .map(readProcStat)
    .filter((s): s is ProcStat => s !== null);
  return sumStats([root, ...rest]);
}
