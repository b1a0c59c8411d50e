// CPU time stolen by the hypervisor (the "steal" column of /proc/stat), per CPU, so a step can say its CPUs were noisy.
import fs from 'node:fs';

/** Per CPU index: total ticks (every column) and steal ticks, as read from /proc/stat. Empty off Linux. */
export type CpuTimes = Map<number, { total: number; steal: number }>;

/** One reading of /proc/stat (`procRoot` for tests). */
export function readCpuTimes(procRoot = '/proc'): CpuTimes {
  const out: CpuTimes = new Map();
  let text: string;
  try {
    text = fs.readFileSync(`${procRoot}/stat`, 'utf8');
  } catch {
    return out;
  }
  for (const line of text.split('\n')) {
    const m = /^cpu(\d+)\s+(.*)$/.exec(line);
    if (!m) continue;
    // user nice system idle iowait irq softirq steal guest guest_nice; guest time is already inside user/nice.
    const v = m[2].trim().split(/\s+/).map(Number);
    const total = v.slice(0, 8).reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);
    out.set(Number(m[1]), { total, steal: v[7] ?? 0 });
  }
  return out;
}

/** Share of the CPU time of `cpus` (indices) stolen between two readings; 0 when unknown. */
export function stealShare(before: CpuTimes, after: CpuTimes, cpus: readonly number[]): number {
  let total = 0;
  let steal = 0;
  for (const c of cpus) {
    const a = before.get(c);
    const b = after.get(c);
    if (!a || !b) continue;
    total += b.total - a.total;
    steal += b.steal - a.steal;
  }
  return total > 0 ? Math.max(0, steal) / total : 0;
}
