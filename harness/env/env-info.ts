// Describes the machine a run measured on: CPU, cores, memory, OS, Node, tool versions, CPU placement.
import os from 'node:os';
import { toolVersions } from './tool-versions.ts';

/** The machine a run was measured on (recorded in every result). */
export interface EnvInfo {
  hostname: string;
  cpuModel: string;
  cores: number;
  memoryBytes: number;
  os: string;
  kernel: string;
  node: string;
  /** Versions of system tools the stage used or could use, e.g. { 'redis-server': '7.0.15', nginx: null }. */
  tools: Record<string, string | null>;
  /** CPU placement of generator and stage (taskset), or why it was not pinned. */
  placement: { pinned: boolean; generatorCpus?: string; stageCpus?: string; reason: string };
}

export const TRACKED_TOOLS = ['redis-server', 'nginx', 'haproxy', 'k6'];

export function envInfo(placement: EnvInfo['placement']): EnvInfo {
  const cpus = os.cpus();
  return {
    hostname: os.hostname(),
    cpuModel: cpus[0]?.model?.trim() ?? 'unknown',
    // os.cpus(), not availableParallelism(): the latter follows our own CPU affinity once the generator is pinned.
    cores: Math.max(1, cpus.length),
    memoryBytes: os.totalmem(),
    os: `${os.type()} ${os.platform()} ${os.arch()}`,
    kernel: os.release(),
    node: process.version,
    tools: toolVersions(TRACKED_TOOLS),
    placement,
  };
}
