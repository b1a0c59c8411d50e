// AppConfig and the server's flags: defaults in one place, every rule enforced with the rule in the message.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CODE_KEY } from '../../targets/app/codegen.ts';
import { AppConfigError, DEFAULT_APP_CONFIG, resolveAppConfig } from '../../targets/app/config.ts';
import { ArgsError, parseServerArgs } from '../../targets/app/server-args.ts';

describe('resolveAppConfig', () => {
  it('given nothing, when resolved, then the documented defaults', () => {
    const c = resolveAppConfig();
    expect(c).toMatchObject({
      port: 0,
      host: '127.0.0.1',
      redirectStatus: 302,
      redirectCacheControl: 'private, max-age=0',
      negativeTtlS: 5,
      codeKey: DEFAULT_CODE_KEY,
      instanceId: 'app',
      adminToken: undefined,
      frontRedirect: true,
    });
    expect(c).toEqual({ ...DEFAULT_APP_CONFIG });
  });

  it('given undefined fields, when resolved, then they keep the defaults', () => {
    expect(resolveAppConfig({ port: undefined, instanceId: undefined }).instanceId).toBe('app');
  });

  it('given a publicBaseUrl with a trailing slash, when resolved, then it is normalized', () => {
    expect(resolveAppConfig({ publicBaseUrl: 'https://sho.rt/' }).publicBaseUrl).toBe('https://sho.rt');
  });

  it.each([
    [{ port: 70000 }, /port must be an integer between 0 and 65535/],
    [{ redirectStatus: 307 as 302 }, /redirectStatus must be 301 or 302/],
    [{ negativeTtlS: -1 }, /negativeTtlS must be a non-negative integer/],
    [{ codeKey: -5 }, /codeKey must be a non-negative safe integer/],
    [{ instanceId: 'has space' }, /instanceId must be/],
    [{ adminToken: 'with space' }, /adminToken must be printable ASCII/],
    [{ redirectCacheControl: 'max-age=1\r\nX: y' }, /redirectCacheControl must be printable ASCII/],
    [{ publicBaseUrl: 'ftp://x' }, /publicBaseUrl must be an http\(s\) URL/],
    [{ publicBaseUrl: 'not a url' }, /publicBaseUrl must be an absolute http\(s\) URL/],
    [{ pgUrl: 'mysql://x@h/db' }, /pgUrl must look like postgres:\/\//],
    [{ pgReplicaUrls: ['postgres://p@127.0.0.1:1/x'] }, /pgReplicaUrls need pgUrl/],
    [{ pgUrl: 'postgres://p@127.0.0.1:1/x', pgPool: 0 }, /pgPool must be an integer between 1 and 1000/],
    [{ pgUrl: 'postgres://p@127.0.0.1:1/x', readYourWrites: 'maybe' as 'fix' }, /readYourWrites must be one of off, measure, fix/],
    [{ pgUrl: 'postgres://p@127.0.0.1:1/x', dbDir: '/tmp/shards' }, /pgUrl and dbDir are two different stores/],
    [{ pgShardUrls: ['postgres://p@127.0.0.1:1/x'], pgUrl: 'postgres://p@127.0.0.1:2/x' }, /pgShardUrls and pgUrl are two different stores/],
    [{ pgShardUrls: ['postgres://p@127.0.0.1:1/x'], pgReplicaUrls: ['postgres://p@127.0.0.1:2/x'] }, /read replicas of PostgreSQL shards are not built/],
    [{ pgShardUrls: ['redis://x'] }, /pgShardUrls must be postgres:\/\//],
  ])('given %o, when resolved, then AppConfigError naming the rule', (partial, message) => {
    expect(() => resolveAppConfig(partial)).toThrow(AppConfigError);
    expect(() => resolveAppConfig(partial)).toThrow(message);
  });
});

describe('parseServerArgs', () => {
  it('given the documented flags, when parsed, then they map onto AppConfig fields', () => {
    expect(
      parseServerArgs(['--port', '8080', '--db', 'x.sqlite', '--admin-token', 't0k', '--instance-id', 'a1', '--redirect-status', '301', '--code-key', '0x10', '--router-redirect']),
    ).toMatchObject({ port: 8080, dbPath: 'x.sqlite', adminToken: 't0k', instanceId: 'a1', redirectStatus: 301, codeKey: 16, frontRedirect: false });
  });

  it('given the PostgreSQL flags, when parsed, then they map onto pgUrl, pgReplicaUrls, pgPool and readYourWrites', () => {
    const a = 'postgres://postgres@127.0.0.1:5001/postgres';
    const b = 'postgres://postgres@127.0.0.1:5002/postgres';
    const parsed = parseServerArgs(['--pg-url', 'postgres://postgres@127.0.0.1:5000/postgres', '--pg-replica-urls', `${a}, ${b}`, '--pg-pool', '4', '--read-your-writes', 'fix']);
    expect(parsed).toMatchObject({ pgUrl: 'postgres://postgres@127.0.0.1:5000/postgres', pgReplicaUrls: [a, b], pgPool: 4, readYourWrites: 'fix' });
    // Stage 5 defaults to write-behind on PostgreSQL too (one multi-row UPDATE per flush); stages before it do not.
    expect(resolveAppConfig({ ...parsed, stage: 5 }).writeBehind).toBe(true);
    expect(resolveAppConfig({ ...parsed, stage: 1 }).writeBehind).toBe(false);
    expect(() => parseServerArgs(['--read-your-writes', 'sometimes'])).toThrow(/--read-your-writes must be one of off, measure, fix/);
    // Stage 5 on PostgreSQL: one primary per shard, in ring order; clicks written behind there too.
    const sharded = parseServerArgs(['--pg-shard-urls', `${a},${b}`, '--stage', '5']);
    expect(sharded.pgShardUrls).toEqual([a, b]);
    expect(resolveAppConfig(sharded).writeBehind).toBe(true);
  });

  it('given env fallbacks, when flags are absent, then env is used; when present, flags win', () => {
    const env = { SCALELADDER_DB: 'env.sqlite', SCALELADDER_ADMIN_TOKEN: 'env-token' };
    expect(parseServerArgs([], env)).toMatchObject({ dbPath: 'env.sqlite', adminToken: 'env-token' });
    expect(parseServerArgs(['--db', 'flag.sqlite'], env)).toMatchObject({ dbPath: 'flag.sqlite' });
  });

  it.each([
    [['--nope'], /Unknown option/],
    [['--port=-1'], /--port must be a non-negative integer/],
    [['--port', '-1'], /^[^\n]*option argument[^\n]*$/],
    [['--redirect-status', '303'], /--redirect-status must be 301 or 302/],
    [['positional'], /positional/i],
  ])('given %o, when parsed, then ArgsError', (argv, message) => {
    expect(() => parseServerArgs(argv)).toThrow(ArgsError);
    expect(() => parseServerArgs(argv)).toThrow(message);
  });
});
