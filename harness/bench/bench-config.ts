// The result's `config` of a bench run, built once from the options: every field that changes what is measured, typed as RunConfig.
import { hasCacheToPrime } from './prime-caches.ts';
import { STAGE_TOPOLOGY_DEFAULTS } from '../stages/stage-topology.ts';
import { formatResolvedFault } from '../faults/fault-spec.ts';
import type { RecordedTopology, RunConfig } from '../results/run-config.ts';
import { describeComposition } from '../stages/stage-definitions.ts';
import type { BenchOptions } from './bench-options.ts';
import type { PlannedStep } from './plan-steps.ts';

export interface BenchConfigInput {
  o: BenchOptions;
  plan: readonly PlannedStep[];
  /** The external --target, when there is one. */
  targetUrl?: URL;
  /** Whether the run is on the scale model, and its scale. */
  modelled: boolean;
  scale: number;
}

/** Fields appear only when they differ from what runs without them wrote, so existing config hashes stay. */
export function benchConfig({ o, plan, targetUrl, modelled, scale }: BenchConfigInput): RunConfig {
  const c = o.composition;
  return {
    stage: o.stage,
    driver: o.driver,
    ...(o.autocannonMax ? { autocannonMax: true as const } : {}),
    tiers: plan.map((p) => ({ tier: p.tier, users: p.users, rate: p.rate, derivation: p.derivation })),
    stepDurationS: o.stepDurationS,
    warmupS: o.warmupS,
    connections: o.connections ?? 'auto (Little\'s law)',
    threads: o.threads,
    seedLinks: o.seedLinks,
    workload: o.workload,
    slo: o.slo,
    timeoutMs: o.timeoutMs,
    target: targetUrl ? targetUrl.origin : null,
    ...(targetUrl ? {} : { components: [...c.components] }),
    ...(o.with.length || o.without.length ? { composition: describeComposition(c) } : {}),
    ...(!targetUrl && Object.keys(topologyFor(o)).length > 0 ? { topology: topologyFor(o) } : {}),
    machines: modelled ? { default: o.machines.default, byRole: o.machines.byRole, scale } : 'none',
    ...(!targetUrl && o.primeCodes > 0 && hasCacheToPrime(c) ? { prime: Math.min(o.primeCodes, o.seedLinks) } : {}),
    ...(o.findKnee ? { findKnee: { probeS: o.kneeProbeS, maxRate: o.kneeMaxRate } } : {}),
    ...(o.faults.length > 0 ? { faults: o.faults.map(formatResolvedFault) } : {}),
  };
}

/** The parts of the topology the stage's components actually use, so the config hash only changes with what matters. */
function topologyFor(o: BenchOptions): RecordedTopology {
  const t = o.topology;
  const c = o.composition;
  const cache = c.has('redis') || c.has('redis-cluster');
  // stampedeDefences appears only when turned off, so runs with the defences keep the hashes they had before the switch.
  return {
    ...(c.has('balancer') ? { balancer: t.balancer, algorithm: t.algorithm, appProcesses: t.appProcesses } : {}),
    ...(cache ? { redisMaxmemory: t.redisMaxmemory } : {}),
    ...(c.has('local-lru') ? { localLruSize: t.localLruSize } : {}),
    ...(c.has('shards') ? { shards: t.shards } : {}),
    ...(c.has('redis-cluster') ? { clusterNodes: t.clusterNodes } : {}),
    ...(c.has('write-behind') ? { clickFlushMs: t.clickFlushMs } : {}),
    ...(c.has('postgres') ? { readReplicas: t.readReplicas } : {}),
    // Only when not the default, so runs without them keep their config hashes.
    ...(c.has('postgres') && t.readReplicas > 0 && t.readYourWrites !== STAGE_TOPOLOGY_DEFAULTS.readYourWrites ? { readYourWrites: t.readYourWrites } : {}),
    ...(c.has('postgres') && t.readReplicas > 0 && t.replicaDelayMs > 0 ? { replicaDelayMs: t.replicaDelayMs } : {}),
    ...(cache && !t.stampedeDefences ? { stampedeDefences: false } : {}),
    // Like stampedeDefences: only when not the default, so earlier runs keep their config hashes.
    ...(cache && t.redisPolicy !== STAGE_TOPOLOGY_DEFAULTS.redisPolicy ? { redisPolicy: t.redisPolicy } : {}),
    ...(cache && t.cacheTtlMs !== STAGE_TOPOLOGY_DEFAULTS.cacheTtlMs ? { cacheTtlMs: t.cacheTtlMs } : {}),
    ...(cache && t.ttlJitter !== STAGE_TOPOLOGY_DEFAULTS.ttlJitter ? { ttlJitter: t.ttlJitter } : {}),
    ...(c.has('local-lru') && t.localLruTtlMs !== STAGE_TOPOLOGY_DEFAULTS.localLruTtlMs ? { localLruTtlMs: t.localLruTtlMs } : {}),
    ...(cache && t.dbReadDelayMs > 0 ? { dbReadDelayMs: t.dbReadDelayMs } : {}),
    ...((cache || c.has('postgres')) && t.hopMs > 0 ? { hopMs: t.hopMs } : {}),
    // The edge experiments' switches, likewise only when they differ from the default.
    ...(t.redirectStatus !== STAGE_TOPOLOGY_DEFAULTS.redirectStatus ? { redirectStatus: t.redirectStatus } : {}),
    ...(t.redirectCacheControl !== undefined ? { redirectCacheControl: t.redirectCacheControl } : {}),
    ...(t.varyUserAgent ? { varyUserAgent: true } : {}),
    ...(c.has('cdn') && !t.cdnShield ? { cdnShield: false } : {}),
  };
}
