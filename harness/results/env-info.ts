// Describes the machine a run measured on: CPU, cores, memory, OS, Node, tool versions, CPU placement.
import os from 'node:os';
import type { EnvInfo } from './result-types.ts';
import { toolVersions } from '../env/tool-versions.ts';

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
