// Command line of the app process → a partial AppConfig. Flags first; a few environment variables as fallback,
// read only here at the edge. Every problem is an ArgsError with a one-line message.
import { parseArgs } from 'node:util';
import type { AppConfig } from './config.ts';
import { READ_YOUR_WRITES_MODES, type ReadYourWrites } from './read-your-writes.ts';

export class ArgsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArgsError';
  }
}

export const USAGE =
  'usage: server.ts [--port 0] [--host 127.0.0.1] [--db FILE] [--admin-token T] [--instance-id ID] ' +
  '[--redirect-status 301|302] [--cache-control S] [--vary-user-agent] [--metadata-cache-control S] [--negative-ttl SECONDS] ' +
  '[--code-key N] [--public-base-url URL] [--busy-timeout-ms MS] [--wal-autocheckpoint PAGES] [--router-redirect] [--stage N] ' +
  '[--redis-url redis://h:p|redis-cluster://h:p1,h:p2,…] [--cache-ttl-ms MS] [--ttl-jitter F] [--db-read-delay-ms MS] [--no-stampede-defences] [--local-lru-size N] [--local-lru-ttl-ms MS] [--hop-ms MS] [--max-work-ms MS] ' +
  '[--db-dir DIR --shards K] [--write-behind|--write-through|--sync-clicks] [--click-flush-ms MS] ' +
  '[--pg-url postgres://… [--pg-replica-urls URL,URL] [--pg-pool N] [--read-your-writes off|measure|fix|fix-age [--lag-bound-ms MS]]] [--pg-shard-urls URL,URL]';

/** Environment fallbacks (flags win): SCALELADDER_DB, SCALELADDER_ADMIN_TOKEN, SCALELADDER_INSTANCE_ID, SCALELADDER_CODE_KEY, SCALELADDER_PG_URL. */
export function parseServerArgs(argv: readonly string[], env: NodeJS.ProcessEnv = {}): Partial<AppConfig> & { help?: boolean } {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        db: { type: 'string' },
        'admin-token': { type: 'string' },
        'instance-id': { type: 'string' },
        'redirect-status': { type: 'string' },
        'cache-control': { type: 'string' },
        'vary-user-agent': { type: 'boolean' },
        'metadata-cache-control': { type: 'string' },
        'negative-ttl': { type: 'string' },
        'code-key': { type: 'string' },
        'public-base-url': { type: 'string' },
        'busy-timeout-ms': { type: 'string' },
        stage: { type: 'string' },
        'wal-autocheckpoint': { type: 'string' },
        'router-redirect': { type: 'boolean' },
        'redis-url': { type: 'string' },
        'cdn-url': { type: 'string' },
        'cdn-purge-token': { type: 'string' },
        'cache-ttl-ms': { type: 'string' },
        'ttl-jitter': { type: 'string' },
        'db-read-delay-ms': { type: 'string' },
        'no-stampede-defences': { type: 'boolean' },
        'local-lru-size': { type: 'string' },
        'local-lru-ttl-ms': { type: 'string' },
        'hop-ms': { type: 'string' },
        'max-work-ms': { type: 'string' },
        'db-dir': { type: 'string' },
        shards: { type: 'string' },
        'write-behind': { type: 'boolean' },
        'sync-clicks': { type: 'boolean' },
        'write-through': { type: 'boolean' },
        'click-flush-ms': { type: 'string' },
        'pg-url': { type: 'string' },
        'pg-replica-urls': { type: 'string' },
        'pg-pool': { type: 'string' },
        'read-your-writes': { type: 'string' },
        'pg-shard-urls': { type: 'string' },
        'lag-bound-ms': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new ArgsError((err instanceof Error ? err.message : String(err)).replace(/\s*\n\s*/g, ' '));
  }
  if (values.help === true) return { help: true };
  if (values['write-behind'] === true && values['sync-clicks'] === true) throw new ArgsError('--write-behind and --sync-clicks contradict each other: give one');
  const clickModes = (['write-behind', 'write-through', 'sync-clicks'] as const).filter((f) => values[f] === true);
  if (clickModes.length > 1) throw new ArgsError(`${clickModes.map((f) => `--${f}`).join(' and ')} contradict each other: give one`);
  const redirectStatus = optInt('--redirect-status', values['redirect-status']);
  if (redirectStatus !== undefined && redirectStatus !== 301 && redirectStatus !== 302) {
    throw new ArgsError(`--redirect-status must be 301 or 302, got ${redirectStatus}`);
  }
  return {
    port: optInt('--port', values.port),
    host: values.host,
    dbPath: values.db ?? nonEmpty(env.SCALELADDER_DB),
    adminToken: values['admin-token'] ?? nonEmpty(env.SCALELADDER_ADMIN_TOKEN),
    instanceId: values['instance-id'] ?? nonEmpty(env.SCALELADDER_INSTANCE_ID),
    redirectStatus: redirectStatus as 301 | 302 | undefined,
    redirectCacheControl: values['cache-control'],
    varyUserAgent: values['vary-user-agent'] === true ? true : undefined,
    metadataCacheControl: values['metadata-cache-control'],
    negativeTtlS: optInt('--negative-ttl', values['negative-ttl']),
    codeKey: optInt('--code-key', values['code-key'] ?? nonEmpty(env.SCALELADDER_CODE_KEY)),
    publicBaseUrl: values['public-base-url'],
    busyTimeoutMs: optInt('--busy-timeout-ms', values['busy-timeout-ms']),
    stage: optInt('--stage', values.stage),
    redisUrl: values['redis-url'],
    cdnUrl: values['cdn-url'],
    cdnPurgeToken: values['cdn-purge-token'] ?? nonEmpty(env.SCALELADDER_CDN_PURGE_TOKEN),
    cacheTtlMs: optInt('--cache-ttl-ms', values['cache-ttl-ms']),
    cacheTtlJitter: optFraction('--ttl-jitter', values['ttl-jitter']),
    dbReadDelayMs: optInt('--db-read-delay-ms', values['db-read-delay-ms']),
    stampedeDefences: values['no-stampede-defences'] === true ? false : undefined,
    localLruSize: optInt('--local-lru-size', values['local-lru-size']),
    localLruTtlMs: optInt('--local-lru-ttl-ms', values['local-lru-ttl-ms']),
    hopMs: optMs('--hop-ms', values['hop-ms']),
    maxWorkMs: optInt('--max-work-ms', values['max-work-ms']),
    walAutocheckpointPages: optInt('--wal-autocheckpoint', values['wal-autocheckpoint']),
    frontRedirect: values['router-redirect'] === true ? false : undefined,
    dbDir: values['db-dir'],
    shards: optInt('--shards', values.shards),
    writeBehind: values['write-behind'] === true ? true : values['sync-clicks'] === true || values['write-through'] === true ? false : undefined,
    writeThrough: values['write-through'] === true ? true : undefined,
    clickFlushMs: optInt('--click-flush-ms', values['click-flush-ms']),
    pgUrl: values['pg-url'] ?? nonEmpty(env.SCALELADDER_PG_URL),
    pgReplicaUrls: urlList(values['pg-replica-urls']),
    pgPool: optInt('--pg-pool', values['pg-pool']),
    readYourWrites: readYourWrites(values['read-your-writes']),
    pgShardUrls: urlList(values['pg-shard-urls']),
    lagBoundMs: optInt('--lag-bound-ms', values['lag-bound-ms']),
  };
}

function readYourWrites(raw: string | undefined): ReadYourWrites | undefined {
  if (raw === undefined) return undefined;
  if (!(READ_YOUR_WRITES_MODES as readonly string[]).includes(raw)) throw new ArgsError(`--read-your-writes must be one of ${READ_YOUR_WRITES_MODES.join(', ')}, got "${raw}"`);
  return raw as ReadYourWrites;
}

function urlList(raw: string | undefined): string[] | undefined {
  return raw === undefined ? undefined : raw.split(',').map((u) => u.trim()).filter((u) => u !== '');
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v === '' ? undefined : v;
}

/** A non-negative number of milliseconds (fractions allowed), or undefined when the flag is absent. */
function optMs(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+(\.\d+)?$/.test(raw)) throw new ArgsError(`${flag} must be a non-negative number of milliseconds, got "${raw}"`);
  return Number(raw);
}

/** A fraction in [0, 1), or undefined when the flag is absent. */
function optFraction(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !(n >= 0 && n < 1)) throw new ArgsError(`${flag} must be a fraction between 0 and 1 (exclusive), got "${raw}"`);
  return n;
}

/** A non-negative integer in decimal or 0x-hex, or undefined when the flag is absent. */
function optInt(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^(\d+|0x[0-9a-f]+)$/i.test(raw)) throw new ArgsError(`${flag} must be a non-negative integer, got "${raw}"`);
  const n = Number(raw);
  if (!Number.isSafeInteger(n)) throw new ArgsError(`${flag} is too large: ${raw}`);
  return n;
}
