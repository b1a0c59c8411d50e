// cdn-server.ts flags → CdnConfig → resolved settings: defaults, region/RTT tables, and one-line errors for mistakes.
import { describe, expect, it } from 'vitest';
import { UserError } from '../../harness/errors/user-error.ts';
import { parseCdnArgs } from '../../targets/cdn/cdn-args.ts';
import { resolveCdnConfig, type CdnConfig } from '../../targets/cdn/cdn-config.ts';

const parse = (argv: string[], env: NodeJS.ProcessEnv = {}) => parseCdnArgs(argv, env) as CdnConfig;

describe('cdn-server flags', () => {
  it('given the documented example, then every flag lands in the config', () => {
    const c = resolveCdnConfig(parse('--origin http://127.0.0.1:8080 --port 0 --pops eu,us,ap --region-rtt eu=5,us=40,ap=120 --shield --shield-rtt 20 --origin-rtt 80 --max-bytes 64mb --purge-token T'.split(' ')));
    expect(c).toMatchObject({
      origin: 'http://127.0.0.1:8080', port: 0, pops: ['eu', 'us', 'ap'], defaultPop: 'eu', shield: true, maxBytes: 64 * 1024 * 1024,
      maxObjectBytes: 8 * 1024 * 1024, purgeToken: 'T', regionRttMs: { eu: 5, us: 40, ap: 120, '*': 0 },
      shieldRttMs: { fallback: 20, byName: {} }, originRttMs: { fallback: 80, byName: {} }, honorRequestCacheControl: true,
    });
  });

  it('given only --origin, then the defaults apply', () => {
    const c = resolveCdnConfig(parse(['--origin', 'http://127.0.0.1:1']));
    expect(c).toMatchObject({ pops: ['eu', 'us', 'ap'], shield: false, purgeToken: null, originTimeoutMs: 10_000, hitForPassMs: 5000, host: '127.0.0.1' });
  });

  it('reads the purge token from the environment when the flag is absent, and --help asks for usage', () => {
    expect(parse(['--origin', 'http://x:1'], { SCALELADDER_CDN_PURGE_TOKEN: 'E' }).purgeToken).toBe('E');
    expect(parseCdnArgs(['--help'])).toBe('help');
  });

  it('parses per-PoP RTT tables, region mappings, durations and switches', () => {
    const c = parse('--origin http://x:1 --shield-rtt eu=5,ap=100,*=20 --region-pop af=eu,sa=us --origin-timeout 2s --ignore-request-cache-control --hit-for-pass 0 --expose-surrogate-headers'.split(' '));
    expect(c).toMatchObject({ shieldRttMs: { fallback: 20, byName: { eu: 5, ap: 100 } }, regionPop: { af: 'eu', sa: 'us' }, originTimeoutMs: 2000, honorRequestCacheControl: false, hitForPassS: 0, exposeSurrogateHeaders: true });
  });

  it.each([
    [['--origin', 'http://x:1', '--port', 'eighty'], /--port must be a non-negative integer/],
    [['--origin', 'http://x:1', '--region-pop', 'af'], /--region-pop: 'af' must look like region=pop/],
    [['--origin', 'http://x:1', '--origin-timeout', '0'], /--origin-timeout must be a duration/],
    [['--origin', 'http://x:1', 'extra'], /Unexpected argument/],
  ])('given %j, then a UserError says what is wrong', (argv, message) => {
    expect(() => parse(argv as string[])).toThrow(message as RegExp);
  });

  it.each([
    [{ origin: 'http://x:1/app' }, /without a path/],
    [{ origin: 'http://x:1', pops: ['eu', 'eu'] }, /distinct/],
    [{ origin: 'http://x:1', pops: ['shield'] }, /reserved/],
    [{ origin: 'http://x:1', regionPop: { af: 'mars' } }, /not one of the pops/],
    [{ origin: 'http://x:1', maxBytes: 100 }, /max bytes must be an integer >= 4096/],
    [{ origin: 'http://x:1', maxBytes: 8192, maxObjectBytes: 10_000 }, /max object bytes/],
    [{ origin: 'http://x:1', regionRttMs: { eu: -1 } }, /RTT of region 'eu' must be a number >= 0/],
  ])('given config %j, then resolving rejects it with the rule', (config, message) => {
    expect(() => resolveCdnConfig(config as CdnConfig)).toThrow(UserError);
    expect(() => resolveCdnConfig(config as CdnConfig)).toThrow(message);
  });
});

describe('cdnServerArgs (launch description → flags)', () => {
  it('round-trips through the flag parser', async () => {
    const { cdnServerArgs } = await import('../../targets/cdn/cdn-launch-args.ts');
    const argv = cdnServerArgs({
      origin: 'http://127.0.0.1:9', port: 4567, pops: ['eu', 'ap'], regionRttMs: { eu: 5, ap: 120 }, regionPop: { af: 'eu' }, shield: true,
      shieldRttMs: { fallback: 20, byName: { ap: 90 } }, originRttMs: 80, maxBytes: 1 << 20, purgeToken: 'T', honorRequestCacheControl: false,
    });
    expect(resolveCdnConfig(parse(argv))).toMatchObject({
      port: 4567, pops: ['eu', 'ap'], regionRttMs: { eu: 5, ap: 120 }, regionPop: { af: 'eu' }, shield: true,
      shieldRttMs: { fallback: 20, byName: { ap: 90 } }, originRttMs: { fallback: 80 }, maxBytes: 1 << 20, purgeToken: 'T', honorRequestCacheControl: false,
    });
  });
});
