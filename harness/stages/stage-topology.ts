// Defaults of the stage shapes (balancer, algorithm, app processes, Redis memory, shards, cluster) in one place.
import { cpus } from 'node:os';
import type { StageTopology } from './stage-types.ts';

/** App processes behind a balancer when the stage runs unconstrained (--machine-cpu none): the box's cores, at least 2. */
export const UNCONSTRAINED_APP_PROCESSES = Math.max(2, cpus().length);

/** Under the scale model (the default) a balanced stage has 4 app machines: at 0.1 core each they fit beside the rest. */
export const STAGE_TOPOLOGY_DEFAULTS: StageTopology = {
  balancer: 'nginx',
  algorithm: 'round-robin',
  appProcesses: 4,
  redisMaxmemory: '64mb',
  redisPolicy: 'allkeys-lfu',
  cacheTtlMs: 300_000,
  ttlJitter: 0.1,
  dbReadDelayMs: 0,
  localLruSize: 10_000,
  localLruTtlMs: 5000,
  shards: 4,
  clusterNodes: 3,
  clickFlushMs: 1000,
  stampedeDefences: true,
  readReplicas: 0,
  readYourWrites: 'measure',
  replicaDelayMs: 0,
  hopMs: 0,
  redirectStatus: 302,
  varyUserAgent: false,
  cdnShield: true,
};
