// The stage figures a step may carry, by name: measured by stages and the CDN, recorded in results, read by plan, ladder and analysis.

/**
 * Stage-specific figures of one step. Every field is optional: a stage writes the ones its components have. No index
 * signature, so a figure renamed on one side fails `tsc` on the other. `harness/results/result-schema.json`
 * (`definitions.figures`) lists the same names (test/unit/result-schema-types.test.ts checks that they agree).
 */
export interface StepFigures {
  /** Redirects served by the app processes during the step (summed). */
  redirects?: number;
  /** DB reads per redirect the apps served. */
  dbReadsPerRedirect?: number;
  /** DB reads per completed client request: comparable across stages, where redirects at the app are only misses of the layers in front. */
  dbReadsPerRequest?: number;
  /** DB writes during the step. */
  dbWrites?: number;
  /** SQLite SQLITE_BUSY retries during the step. */
  sqliteBusyRetries?: number;
  /** SQLite busy timeouts (writes given up) during the step. */
  sqliteBusyTimeouts?: number;
  /** Event-loop delay p99 of the worst app process, ms. */
  eventLoopDelayP99Ms?: number;
  /** Event-loop delay max of the worst app process, ms. */
  eventLoopDelayMaxMs?: number;
  /** The longest garbage-collection pause of any app process during the step (wall time, throttling included), ms. */
  gcPauseMaxMs?: number;
  /** Share of the step's wall time an app process spent in garbage-collection pauses (mean over the apps). */
  gcPauseShare?: number;
  /** With redis: Redis hits over Redis lookups. */
  cacheHitRatio?: number;
  /** With redis: waits on the single-flight rebuild lock. */
  cacheLockWaits?: number;
  /** With redis: lookups that fell back to the DB because Redis was unavailable. */
  cacheFallbacks?: number;
  /** With redis: XFetch early refreshes. */
  cacheEarlyRefreshes?: number;
  /** With local-lru: in-process LRU hits over its lookups. */
  localHitRatio?: number;
  /** With redis: Redis lookups (hits + misses) per redirect the apps served (behind a local LRU: its misses). */
  redisReadsPerRedirect?: number;
  /** Behind a balancer stamping X-Request-Start: mean wait between the balancer and the app handling a redirect, ms. */
  lbQueueMsMean?: number;
  /** Behind a balancer: the most loaded app's mean redirects waiting or in service (Σ residence ÷ wall time). */
  appInFlightMeanMax?: number;
  /** Behind a balancer: the least loaded app's mean redirects waiting or in service. */
  appInFlightMeanMin?: number;
  /** Behind a balancer: the largest share of the redirects one app served. */
  appRedirectShareMax?: number;
  /** With a balancer: app processes behind it. */
  appProcesses?: number;
  /** With write-behind: clicks still pending at the end of the step (what a crash then would lose). */
  clicksPending?: number;
  /** With write-behind: click flushes during the step. */
  clickFlushes?: number;
  /** With write-behind: clicks flushed during the step. */
  clicksFlushed?: number;
  /** Click UPDATE statements per redirect the apps answered (1 written per redirect; fewer when batched). */
  clickDbWritesPerRedirect?: number;
  /** Click transactions per redirect (one per statement without batching, one per flush with write-behind). */
  clickDbBatchesPerRedirect?: number;
  /** With write-through: Redis click increments per redirect. */
  clickCacheWritesPerRedirect?: number;
  /** With write-through: Redis click increments that failed (the DB write stood). */
  clickCacheWriteFailures?: number;
  /** With shards: shard files that took writes. */
  shards?: number;
  /** With shards: writes of the busiest shard. */
  shardWritesMax?: number;
  /** With shards: writes of the idlest shard (0 = a shard took none). */
  shardWritesMin?: number;
  /** With shards: mean writes per shard. */
  shardWritesMean?: number;
  /** With shards: busiest shard's writes ÷ the mean (1 = even). */
  shardWriteSkew?: number;
  /** With redis-cluster: master nodes. */
  redisClusterNodes?: number;
  /** With postgres: primary reads per completed client request. */
  pgPrimaryReadsPerRequest?: number;
  /** With postgres: replica reads per completed client request. */
  pgReplicaReadsPerRequest?: number;
  /** With postgres: writes per completed client request. */
  pgWritesPerRequest?: number;
  /** With postgres: all queries per completed client request. */
  pgQueriesPerRequest?: number;
  /** With postgres: queries that waited for a pooled connection. */
  pgPoolWaits?: number;
  /** With postgres: pool waits over pool queries. */
  pgPoolWaitShare?: number;
  /** With postgres: streaming read replicas. */
  pgReadReplicas?: number;
  /** With replicas: lookups a replica did not have. */
  pgReplicaMisses?: number;
  /** With replicas: 404s a stale replica would have served. */
  pgReplicaStale404s?: number;
  /** With replicas: replica misses retried on the primary. */
  pgReplicaFallbacks?: number;
  /** With replicas: fallbacks the primary found. */
  pgReplicaFallbackHits?: number;
  /** With --read-your-writes fix-age: lookups sent to the primary because their code was younger than the lag bound. */
  pgYoungPrimaryReads?: number;
  /** With --read-your-writes fix-age: watermark samples the apps sent the primary (one statement each, every 100 ms per app). */
  pgAgeProbes?: number;
  /** With --read-your-writes fix-age: the lag bound the apps used at the end of the step (the largest), ms. */
  pgLagBoundMs?: number;
  /** With replicas: replica lag p50, ms. */
  pgReplicaLagMsP50?: number;
  /** With replicas: replica lag max, ms. */
  pgReplicaLagMsMax?: number;
  /** With replicas: replica lag p50, bytes of WAL. */
  pgReplicaLagBytesP50?: number;
  /** With replicas: replica lag max, bytes of WAL. */
  pgReplicaLagBytesMax?: number;
  /** With replicas: lag samples taken during the step. */
  pgReplicaLagSamples?: number;
  /** On PostgreSQL: CPU-ms per query of every database machine (each server's CPU tree over the queries the apps sent it). */
  pgCpuMsPerQuery?: number;
  /** On PostgreSQL: the primary machine's CPU-ms per query (reads and writes it was sent; WAL writing included). */
  pgPrimaryCpuMsPerQuery?: number;
  /** With replicas: the replica machines' CPU-ms per lookup (replaying the primary's writes included). */
  pgReplicaCpuMsPerQuery?: number;
  /** --follow-after-create: GETs of just-created codes the client sent. */
  followAfterCreateSent?: number;
  /** --follow-after-create: of those, answered 404 (a replica behind the primary). */
  followAfterCreate404s?: number;
  /** --follow-after-create: followAfterCreate404s ÷ followAfterCreateSent. */
  followAfterCreate404Share?: number;
  /** With a CDN: edge hits (fresh + stale) over cacheable lookups. */
  cdnHitRatio?: number;
  /** With a CDN: origin requests per client request. */
  originRequestsPerRequest?: number;
  /** With a CDN: misses collapsed onto one origin fetch. */
  cdnCollapsed?: number;
  /** With a CDN: edge cache evictions. */
  cdnEvictions?: number;
  /** With a CDN: client requests the edge PoPs handled during the step. */
  cdnRequests?: number;
  /** With a CDN: requests that reached the origin (every tier) during the step. */
  cdnOriginRequests?: number;
  /** With a CDN: mean wall time of a PoP's GET fetch upstream (shield or origin), ms, emulated RTT included: the PoP miss latency. */
  popMissLatencyMs?: number;
}

/** The name of one step figure. */
export type StepFigureName = keyof StepFigures;

/** The figures present in a step, as [name, value] pairs (typed Object.entries). */
export function figureEntries(f: StepFigures): [StepFigureName, number][] {
  return Object.entries(f).filter((e): e is [StepFigureName, number] => typeof e[1] === 'number');
}
