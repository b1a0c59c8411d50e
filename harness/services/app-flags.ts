// Typed flags of the app process (targets/app/server.ts) that a stage composition sets: one builder, no hand-typed argv.

export interface AppFlags {
  /** The rung the app reports in /metrics (`scaleladder_app_info{stage}`). */
  stage: number;
  /** Redis (redis://h:p) or Redis Cluster (redis-cluster://h:p1,h:p2) cache-aside; absent: straight to the store. */
  redisUrl?: string;
  /** Entries of the in-process LRU in front of Redis (0 = none). */
  localLruSize?: number;
  /** Lifetime of a local LRU entry, ms (default: the app's own, 5,000). */
  localLruTtlMs?: number;
  /** Click counts batched and flushed every `clickFlushMs` (true), or one UPDATE per redirect (false). */
  writeBehind: boolean;
  clickFlushMs?: number;
  /** Each click written to Redis and the DB before the redirect is answered (needs redisUrl; default false). */
  writeThrough?: boolean;
  /** Single-flight rebuild and XFetch in the Redis cache (default true). */
  stampedeDefences?: boolean;
  /** TTL of a cached mapping in Redis, ms (absent: the app's default, 5 min). */
  cacheTtlMs?: number;
  /** TTL jitter, a fraction of the TTL (absent: the app's default, 0.1). */
  ttlJitter?: number;
  /** Emulated DB round trip before each cache-miss read, ms (absent or 0: none). */
  dbReadDelayMs?: number;
  /** Cache-Control of redirects (behind a CDN: split browser/shared TTLs); '' sends none. */
  cacheControl?: string;
  /** Emulated network hop added to each Redis and PostgreSQL round trip, ms (absent or 0: none). */
  hopMs?: number;
  /** Status of redirects (the app's default 302). */
  redirectStatus?: 301 | 302;
  /** Redirects carry `Vary: User-Agent` (default off). */
  varyUserAgent?: boolean;
  /** The CDN to purge on create/delete, and its token. */
  cdn?: { url: string; purgeToken: string };
  /** Most CPU ms a redirect may ask for with `?work-ms=N` (a workload with slow requests; default none: ignored). */
  maxWorkMs?: number;
}

export function appFlagArgs(f: AppFlags): string[] {
  return [
    '--stage', String(f.stage),
    ...(f.redisUrl !== undefined ? ['--redis-url', f.redisUrl] : []),
    ...(f.redisUrl !== undefined && f.localLruSize !== undefined ? ['--local-lru-size', String(f.localLruSize)] : []),
    ...(f.redisUrl !== undefined && f.localLruTtlMs !== undefined ? ['--local-lru-ttl-ms', String(f.localLruTtlMs)] : []),
    ...(f.writeBehind ? ['--write-behind', ...(f.clickFlushMs !== undefined ? ['--click-flush-ms', String(f.clickFlushMs)] : [])] : f.writeThrough ? ['--write-through'] : ['--sync-clicks']),
    ...(f.redisUrl !== undefined && f.stampedeDefences === false ? ['--no-stampede-defences'] : []),
    ...(f.redisUrl !== undefined && f.cacheTtlMs !== undefined ? ['--cache-ttl-ms', String(f.cacheTtlMs)] : []),
    ...(f.redisUrl !== undefined && f.ttlJitter !== undefined ? ['--ttl-jitter', String(f.ttlJitter)] : []),
    ...(f.redisUrl !== undefined && f.dbReadDelayMs ? ['--db-read-delay-ms', String(f.dbReadDelayMs)] : []),
    ...(f.cacheControl !== undefined ? ['--cache-control', f.cacheControl] : []),
    ...(f.hopMs !== undefined && f.hopMs > 0 ? ['--hop-ms', String(f.hopMs)] : []),
    ...(f.redirectStatus !== undefined ? ['--redirect-status', String(f.redirectStatus)] : []),
    ...(f.varyUserAgent === true ? ['--vary-user-agent'] : []),
    ...(f.cdn ? ['--cdn-url', f.cdn.url, '--cdn-purge-token', f.cdn.purgeToken] : []),
    ...(f.maxWorkMs ? ['--max-work-ms', String(f.maxWorkMs)] : []),
  ];
}
