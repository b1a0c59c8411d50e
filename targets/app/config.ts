// AppConfig: every setting of the URL shortener with its default, in one place, validated once.
// Later stages change behaviour only through these fields (Cache-Control strings, redirect status, onDelete hook).
import { DEFAULT_CODE_KEY } from './codegen.ts';
import { READ_YOUR_WRITES_MODES, type ReadYourWrites } from './read-your-writes.ts';

export interface AppConfig {
  /** TCP port to listen on; 0 lets the OS pick (default 0). */
  port: number;
  /** Address to listen on (default '127.0.0.1'). */
  host: string;
  /** SQLite file (default 'results/scaleladder-app.sqlite'). */
  dbPath: string;
  /** Bearer token for DELETE /api/links/:code; undefined disables deletes (403) (default undefined). */
  adminToken: string | undefined;
  /** Status of a redirect (default 302). */
  redirectStatus: 301 | 302;
  /** Cache-Control of a redirect (default 'private, max-age=0': every click reaches the app at stage 1); '' sends none. */
  redirectCacheControl: string;
  /** Redirects carry `Vary: User-Agent` (default false): the seed's Vary trap, on purpose, to measure what it costs a CDN. */
  varyUserAgent: boolean;
  /** Cache-Control of GET /api/links/:code (default 'no-cache': cache, but revalidate with the ETag). */
  metadataCacheControl: string;
  /** max-age of a 404 for an unknown code, in seconds: short negative caching (default 5). */
  negativeTtlS: number;
  /** Key of the code permutation (default DEFAULT_CODE_KEY); must match the key the DB was seeded with. */
  codeKey: number;
  /** Sent as `X-Upstream` on every response so a balancer test can see who answered (default 'app'). */
  instanceId: string;
  /** Base of `shortUrl` in responses, e.g. 'https://sho.rt'; undefined: http://<Host header> (default undefined). */
  publicBaseUrl: string | undefined;
  /** Retry budget for a locked database on request paths, in ms; then 503 (default 5000). */
  busyTimeoutMs: number;
  /** HTTP keep-alive idle timeout in ms; longer than a balancer's upstream keepalive (default 65000). */
  keepAliveTimeoutMs: number;
  /**
   * Serve GET /:code before Express's router instead of as its first middleware (default true).
   * Same behaviour either way; false exists so perf runs can show what the front route buys.
   */
  frontRedirect: boolean;
  /** WAL pages after which a commit checkpoints inline (PRAGMA wal_autocheckpoint; default 1000, SQLite's own). */
  walAutocheckpointPages: number;
  /** Stage number reported in /metrics (default 1). */
  stage: number;
  /**
   * Called after a link is deleted and before the 204 is sent, so later stages can drop it from every cache
   * layer (Redis delete, CDN purge by surrogate key `link-<code>`). A rejection turns into a JSON 500.
   */
  onDelete: ((code: string) => void | Promise<void>) | undefined;
  /** Stage 4+: base URL of the CDN in front; created and deleted links are purged there by surrogate key (default undefined). */
  cdnUrl: string | undefined;
  /** Stage 4+: bearer token of the CDN's purge endpoint (default undefined). */
  cdnPurgeToken: string | undefined;
  /** Stage 2+: Redis cache-aside in front of SQLite for redirects, e.g. 'redis://127.0.0.1:6380' (default undefined: no cache). */
  redisUrl: string | undefined;
  /** TTL of a cached mapping in ms, before jitter (default 300000). */
  cacheTtlMs: number;
  /** TTL jitter of a cached mapping, a fraction of cacheTtlMs: each fill lives cacheTtlMs × (1 ± jitter) (default 0.1; 0 = every fill the same TTL). */
  cacheTtlJitter: number;
  /** Stage 2+: emulated DB round trip before each cache-miss DB read, ms (default 0 = none; the seed's networked DB is 40). */
  dbReadDelayMs: number;
  /** Stage 2+: single-flight rebuild and XFetch early refresh in the Redis cache (default true; false only to measure the stampede). */
  stampedeDefences: boolean;
  /** Stage 3: entries of the in-process LRU in front of Redis; 0 = none (default 0). */
  localLruSize: number;
  /** Emulated network hop added to each Redis and PostgreSQL round trip, ms: a timer, no CPU (default 0 = none). */
  hopMs: number;
  /** Stage 3: TTL of a local LRU entry in ms (default 5000). */
  localLruTtlMs: number;
  /** Most CPU ms a redirect may be asked to burn with `?work-ms=N` (uneven-cost experiments); 0 ignores the parameter (default 0). */
  maxWorkMs: number;
  /** Stage 5: folder of the sharded SQLite store (K shard files + id sequence); set → ShardedLinkStore, dbPath unused (default undefined). */
  dbDir: string | undefined;
  /** Stage 5: shard files in dbDir, codes placed by consistent hashing (default 1; > 1 needs dbDir). */
  shards: number;
  /** Clicks counted in memory and written in batches every clickFlushMs (default: on from stage 5, off before). */
  writeBehind: boolean;
  /** Write-behind flush interval in ms: the most a crash can lose is one interval of clicks (default 1000). */
  clickFlushMs: number;
  /** Each click written to Redis (INCR clicks:<code>) and the DB before the redirect is answered; needs redisUrl, excludes writeBehind (default false). */
  writeThrough: boolean;
  /** PostgreSQL primary, e.g. 'postgres://postgres@127.0.0.1:5432/postgres'; set → PostgresLinkStore, dbPath unused (default undefined: SQLite). */
  pgUrl: string | undefined;
  /** PostgreSQL read replicas redirect lookups go to, round-robin (default []: lookups on the primary). */
  pgReplicaUrls: string[];
  /** Connections per PostgreSQL server (primary, and each replica) in this app (default 10). */
  pgPool: number;
  /** What a lookup does when a replica has no row: 'off' | 'measure' (count the lag 404s) | 'fix' (ask the primary) | 'fix-age' (codes younger than the lag bound read the primary) (default 'measure'). */
  readYourWrites: ReadYourWrites;
  /** 'fix-age': lowest lag bound, ms, under the measured replay lag (the configured replica delay) (default 0). */
  lagBoundMs: number;
  /** Stage 5 on PostgreSQL: one primary per shard, codes placed by consistent hashing (set → PgShardedLinkStore; excludes pgUrl) (default []). */
  pgShardUrls: string[];
}

export const DEFAULT_APP_CONFIG: Readonly<AppConfig> = Object.freeze({
  port: 0,
  host: '127.0.0.1',
  dbPath: 'results/scaleladder-app.sqlite',
  adminToken: undefined,
  redirectStatus: 302,
  redirectCacheControl: 'private, max-age=0',
  varyUserAgent: false,
  metadataCacheControl: 'no-cache',
  negativeTtlS: 5,
  codeKey: DEFAULT_CODE_KEY,
  instanceId: 'app',
  publicBaseUrl: undefined,
  busyTimeoutMs: 5000,
  keepAliveTimeoutMs: 65_000,
  frontRedirect: true,
  walAutocheckpointPages: 1000,
  stage: 1,
  onDelete: undefined,
  cdnUrl: undefined,
  cdnPurgeToken: undefined,
  redisUrl: undefined,
  cacheTtlMs: 300_000,
  cacheTtlJitter: 0.1,
  dbReadDelayMs: 0,
  stampedeDefences: true,
  localLruSize: 0,
  localLruTtlMs: 5000,
  hopMs: 0,
  maxWorkMs: 0,
  dbDir: undefined,
  shards: 1,
  writeBehind: false,
  clickFlushMs: 1000,
  writeThrough: false,
  pgUrl: undefined,
  pgReplicaUrls: [],
  pgPool: 10,
  readYourWrites: 'measure',
  lagBoundMs: 0,
  pgShardUrls: [],
});

/** A config value that breaks a rule; the message names the field and the rule. */
export class AppConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AppConfigError';
  }
}

const HEADER_VALUE = /^[\x20-\x7e]*$/;
const TOKEN_CHARS = /^[\x21-\x7e]{1,64}$/;
const ADMIN_TOKEN = /^[\x21-\x7e]{1,512}$/;

/** Merge `partial` over the defaults (undefined fields keep the default) and check every rule once. */
export function resolveAppConfig(partial: Partial<AppConfig> = {}): AppConfig {
  const defined = Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined));
  const c: AppConfig = { ...DEFAULT_APP_CONFIG, ...defined };
  // Write-behind is the stage-5 default (SQLite and PostgreSQL alike); an explicit true/false wins at any stage.
  if (partial.writeBehind === undefined) c.writeBehind = Number.isInteger(c.stage) && c.stage >= 5 && c.writeThrough !== true;
  const fail = (msg: string): never => {
    throw new AppConfigError(msg);
  };
  if (!Number.isInteger(c.port) || c.port < 0 || c.port > 65535) fail(`port must be an integer between 0 and 65535, got ${c.port}`);
  if (typeof c.host !== 'string' || c.host === '') fail('host must be a non-empty address');
  if (typeof c.dbPath !== 'string' || c.dbPath === '') fail('dbPath must be a non-empty file path');
  if (c.adminToken !== undefined && (typeof c.adminToken !== 'string' || !ADMIN_TOKEN.test(c.adminToken))) {
    fail('adminToken must be printable ASCII without spaces (1 to 512 characters)');
  }
  if (c.redirectStatus !== 301 && c.redirectStatus !== 302) fail(`redirectStatus must be 301 or 302, got ${c.redirectStatus}`);
  for (const key of ['redirectCacheControl', 'metadataCacheControl'] as const) {
    if (typeof c[key] !== 'string' || !HEADER_VALUE.test(c[key])) fail(`${key} must be printable ASCII (a header value)`);
  }
  if (typeof c.varyUserAgent !== 'boolean') fail('varyUserAgent must be true or false');
  if (!Number.isInteger(c.negativeTtlS) || c.negativeTtlS < 0) fail(`negativeTtlS must be a non-negative integer, got ${c.negativeTtlS}`);
  if (!Number.isSafeInteger(c.codeKey) || c.codeKey < 0) fail(`codeKey must be a non-negative safe integer, got ${c.codeKey}`);
  if (typeof c.instanceId !== 'string' || !TOKEN_CHARS.test(c.instanceId)) fail('instanceId must be 1 to 64 printable ASCII characters without spaces');
  if (c.publicBaseUrl !== undefined) c.publicBaseUrl = normalizeBaseUrl(c.publicBaseUrl, fail);
  if (!Number.isFinite(c.busyTimeoutMs) || c.busyTimeoutMs < 0) fail(`busyTimeoutMs must be a non-negative number, got ${c.busyTimeoutMs}`);
  if (!Number.isInteger(c.keepAliveTimeoutMs) || c.keepAliveTimeoutMs < 0) fail(`keepAliveTimeoutMs must be a non-negative integer, got ${c.keepAliveTimeoutMs}`);
  if (typeof c.frontRedirect !== 'boolean') fail('frontRedirect must be true or false');
  if (!Number.isInteger(c.walAutocheckpointPages) || c.walAutocheckpointPages < 0) {
    fail(`walAutocheckpointPages must be a non-negative integer, got ${c.walAutocheckpointPages}`);
  }
  if (!Number.isInteger(c.stage) || c.stage < 1) fail(`stage must be a positive integer, got ${c.stage}`);
  if (c.onDelete !== undefined && typeof c.onDelete !== 'function') fail('onDelete must be a function');
  if (c.cdnUrl !== undefined && !/^https?:\/\/\S+$/.test(c.cdnUrl)) fail(`cdnUrl must be an http(s) URL, got "${c.cdnUrl}"`);
  if (c.cdnUrl !== undefined && c.cdnPurgeToken === undefined) fail('cdnUrl needs cdnPurgeToken (the CDN refuses purges without it)');
  if (c.redisUrl !== undefined && !/^redis:\/\/[^\s]+$/.test(c.redisUrl) && !/^redis-cluster:\/\/[^\s/,]+:\d+(,[^\s/,]+:\d+)*\/?$/.test(c.redisUrl)) {
    fail(`redisUrl must look like redis://host:port or redis-cluster://host:p1,host:p2,…, got "${c.redisUrl}"`);
  }
  if (!Number.isInteger(c.cacheTtlMs) || c.cacheTtlMs < 1) fail(`cacheTtlMs must be a positive integer, got ${c.cacheTtlMs}`);
  if (!(typeof c.cacheTtlJitter === 'number' && c.cacheTtlJitter >= 0 && c.cacheTtlJitter < 1)) fail(`cacheTtlJitter must be a fraction between 0 and 1 (exclusive), got ${c.cacheTtlJitter}`);
  if (!Number.isInteger(c.dbReadDelayMs) || c.dbReadDelayMs < 0) fail(`dbReadDelayMs must be a non-negative integer, got ${c.dbReadDelayMs}`);
  if (typeof c.stampedeDefences !== 'boolean') fail('stampedeDefences must be true or false');
  if (!(c.hopMs >= 0 && c.hopMs <= 1000)) fail(`hopMs must be between 0 and 1000 ms, got ${c.hopMs}`);
  if (!Number.isInteger(c.localLruSize) || c.localLruSize < 0) fail(`localLruSize must be a non-negative integer, got ${c.localLruSize}`);
  if (!Number.isInteger(c.localLruTtlMs) || c.localLruTtlMs < 1) fail(`localLruTtlMs must be a positive integer, got ${c.localLruTtlMs}`);
  if (!Number.isInteger(c.maxWorkMs) || c.maxWorkMs < 0 || c.maxWorkMs > 10_000) fail(`maxWorkMs must be an integer between 0 and 10000, got ${c.maxWorkMs}`);
  if (c.dbDir !== undefined && (typeof c.dbDir !== 'string' || c.dbDir === '')) fail('dbDir must be a non-empty folder path');
  if (!Number.isInteger(c.shards) || c.shards < 1 || c.shards > 1024) fail(`shards must be an integer between 1 and 1024, got ${c.shards}`);
  if (c.shards > 1 && c.dbDir === undefined) fail(`shards = ${c.shards} needs dbDir (--db-dir): the folder holding the shard files`);
  if (typeof c.writeBehind !== 'boolean') fail('writeBehind must be true or false');
  if (!Number.isInteger(c.clickFlushMs) || c.clickFlushMs < 1 || c.clickFlushMs > 3_600_000) fail(`clickFlushMs must be an integer between 1 and 3600000, got ${c.clickFlushMs}`);
  if (typeof c.writeThrough !== 'boolean') fail('writeThrough must be true or false');
  if (c.writeThrough && c.writeBehind) fail('writeThrough and writeBehind are two ways of writing clicks: give one (--write-through or --write-behind)');
  if (c.writeThrough && c.redisUrl === undefined) fail('writeThrough needs redisUrl (--redis-url): the counts are written through Redis');
  checkPostgres(c, fail);
  return c;
}

const PG_URL = /^postgres(?:ql)?:\/\/\S+$/;

function checkPostgres(c: AppConfig, fail: (msg: string) => never): void {
  if (c.pgUrl !== undefined && (typeof c.pgUrl !== 'string' || !PG_URL.test(c.pgUrl))) fail(`pgUrl must look like postgres://user@host:port/db, got "${c.pgUrl}"`);
  if (!Array.isArray(c.pgReplicaUrls) || c.pgReplicaUrls.some((u) => typeof u !== 'string' || !PG_URL.test(u))) {
    fail('pgReplicaUrls must be postgres://user@host:port/db URLs');
  }
  if (c.pgReplicaUrls.length > 0 && Array.isArray(c.pgShardUrls) && c.pgShardUrls.length > 0) fail('read replicas of PostgreSQL shards are not built: give --pg-replica-urls without --pg-shard-urls');
  if (c.pgReplicaUrls.length > 0 && c.pgUrl === undefined) fail('pgReplicaUrls need pgUrl (--pg-url): writes go to the primary');
  if (!Number.isInteger(c.pgPool) || c.pgPool < 1 || c.pgPool > 1000) fail(`pgPool must be an integer between 1 and 1000, got ${c.pgPool}`);
  if (!(Number.isInteger(c.lagBoundMs) && c.lagBoundMs >= 0 && c.lagBoundMs <= 600_000)) fail(`lagBoundMs must be an integer between 0 and 600000, got ${c.lagBoundMs}`);
  if (!READ_YOUR_WRITES_MODES.includes(c.readYourWrites)) fail(`readYourWrites must be one of ${READ_YOUR_WRITES_MODES.join(', ')}, got "${c.readYourWrites}"`);
  if (!Array.isArray(c.pgShardUrls) || c.pgShardUrls.some((u) => typeof u !== 'string' || !PG_URL.test(u))) fail('pgShardUrls must be postgres://user@host:port/db URLs');
  if (c.pgShardUrls.length > 64) fail(`pgShardUrls: at most 64 shards, got ${c.pgShardUrls.length}`);
  const shardsOnPg = c.pgShardUrls.length > 0;
  if (shardsOnPg && c.pgUrl !== undefined) fail('pgShardUrls and pgUrl are two different stores: give one (--pg-shard-urls: every shard is a primary)');
  if (c.pgUrl === undefined && !shardsOnPg) return;
  if (c.dbDir !== undefined) fail(`${shardsOnPg ? 'pgShardUrls' : 'pgUrl'} and dbDir are two different stores: give one`);
}

function normalizeBaseUrl(raw: string, fail: (msg: string) => never): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return fail(`publicBaseUrl must be an absolute http(s) URL, got "${raw}"`);
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.search !== '' || u.hash !== '') {
    fail(`publicBaseUrl must be an http(s) URL without query or fragment, got "${raw}"`);
  }
  return u.href.replace(/\/+$/, '');
}
