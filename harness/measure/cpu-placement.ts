// Where the load generator and the stage run: one CPU for the generator, the rest for the stage (taskset on Linux).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { findOnPath } from './find-binary.ts';

export interface CpuPlacement {
  pinned: boolean;
  /** CPUs available to the harness (its affinity mask, or the `cores` option). */
  cores: number;
  generatorCpus?: string;
  stageCpus?: string;
  /** Why it is (not) pinned, for the results. */
  reason: string;
}

/** "0-2,5" → [0, 1, 2, 5]. */
export function parseCpuList(list: string): number[] {
  const cpus: number[] = [];
  for (const part of list.trim().split(',')) {
    if (part === '') continue;
    const [a, b] = part.split('-').map(Number);
    for (let c = a; c <= (b ?? a); c++) cpus.push(c);
  }
  return cpus;
}

/** [0, 1, 2, 5] → "0-2,5". */
export function formatCpuList(cpus: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < cpus.length; ) {
    let j = i;
    while (j + 1 < cpus.length && cpus[j + 1] === cpus[j] + 1) j++;
    parts.push(j === i ? `${cpus[i]}` : `${cpus[i]}-${cpus[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

/** CPUs this process may run on (Linux affinity mask), else 0..availableParallelism-1. */
function allowedCpus(): number[] {
  try {
    const m = /^Cpus_allowed_list:\s*(\S+)/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    if (m) return parseCpuList(m[1]);
  } catch {
    // not Linux
  }
  return Array.from({ length: os.availableParallelism() }, (_, i) => i);
}

/**
 * With taskset on Linux and at least 2 cores: the generator gets the first CPU, the stage the rest ('1' on 2 cores,
 * '1-N' above). Otherwise pinned=false with the reason.
 */
export function planCpuPlacement(opts: { cores?: number; disable?: boolean } = {}): CpuPlacement {
  const cpus = opts.cores !== undefined ? Array.from({ length: opts.cores }, (_, i) => i) : allowedCpus();
  const cores = cpus.length;
  if (opts.disable) return { pinned: false, cores, reason: 'CPU pinning disabled by option' };
  if (process.platform !== 'linux') return { pinned: false, cores, reason: `no pinning on ${process.platform} (taskset is Linux only)` };
  if (!findOnPath('taskset')) return { pinned: false, cores, reason: "taskset not found on PATH (apt-get install util-linux)" };
  if (cores < 2) return { pinned: false, cores, reason: `only ${cores} core available: generator and stage share it` };
  return {
    pinned: true,
    cores,
    generatorCpus: formatCpuList(cpus.slice(0, 1)),
    stageCpus: formatCpuList(cpus.slice(1)),
    reason: `generator on CPU ${cpus[0]}, stage on CPUs ${formatCpuList(cpus.slice(1))} (taskset)`,
  };
}

/**
 * Pins every thread of this process to `cpus` (taskset -a -cp); false if not possible. Children spawned afterwards
 * inherit the mask unless they are started with their own (the supervisor's `cpus`).
 */
export function pinSelf(cpus: string): boolean {
  if (process.platform !== 'linux') return false;
  const taskset = findOnPath('taskset');
  if (!taskset) return false;
  const r = spawnSync(taskset, ['-a', '-cp', cpus, String(process.pid)], { stdio: 'ignore' });
  return r.status === 0;
}
