// Defaults of the stage shapes (balancer, algorithm, app processes, Redis memory, shards, cluster) in one place.
import { cpus } from 'node:os';
import type { StageTopology } from './stage-types.ts';

export const STAGE_TOPOLOGY_DEFAULTS: StageTopology = {
  balancer: 'nginx',
  algorithm: 'round-robin',
  appProcesses: Math.max(2, cpus().length),
  redisMaxmemory: '64mb',
  localLruSize: 10_000,
  shards: 4,
  clusterNodes: 3,
  clickFlushMs: 1000,
  stampedeDefences: true,
};
