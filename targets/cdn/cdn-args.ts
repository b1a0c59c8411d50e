// Command-line flags of cdn-server.ts → CdnConfig (node:util parseArgs; every mistake is a one-line UserError).
import { parseArgs } from 'node:util';
import { UserError } from '../../harness/errors/user-error.ts';
import { parseDurationS } from '../../loadtests/workload/text-units.ts';
import { parseByteSize } from './byte-size.ts';
import type { CdnConfig } from './cdn-config.ts';
import { parseRttTable, type RttTable } from './rtt-table.ts';

export const CDN_USAGE = `usage: node --import tsx targets/cdn/cdn-server.ts --origin URL [options]
  --origin URL                 origin base URL (the stage-3 balancer or the app)            (required)
  --port N                     listen port, 0 = any                                         (0)
  --host ADDR                  listen address                                               (127.0.0.1)
  --pops a,b,c                 edge PoP names; requests pick one by x-client-region         (eu,us,ap)
  --default-pop NAME           PoP for requests without a known region                      (first PoP)
  --region-rtt r=ms,...        emulated client↔edge RTT per region ('*' = other regions)    (0)
  --region-pop r=pop,...       regions served by a PoP of another name                      (same name)
  --shield                     add an origin-shield tier between the PoPs and the origin
  --shield-rtt ms|pop=ms,...   emulated edge↔shield RTT                                     (0)
  --origin-rtt ms|pop=ms,...   emulated RTT of each origin fetch (shield↔origin, or per PoP) (0)
  --max-bytes SIZE             byte bound of each cache (PoPs and shield each), e.g. 64mb   (64mb)
  --max-object-bytes SIZE      largest response stored                                      (max-bytes/8)
  --purge-token T              bearer token of POST /__cdn/purge (or SCALELADDER_CDN_PURGE_TOKEN)
  --origin-timeout MS          origin headers/body timeout, ms or "10s"                     (10s)
  --origin-connections N       connections to the origin                                    (256)
  --ignore-request-cache-control   ignore clients' Cache-Control/Pragma, as many CDNs do
  --hit-for-pass S             seconds an uncacheable URL skips request collapsing          (5)
  --expose-surrogate-headers   keep Surrogate-Key/Surrogate-Control in client responses
  --stale-on-origin-error      serve a stale response when the origin refuses/closes the connection
                               (not under no-cache, must-revalidate, proxy-revalidate, bare s-maxage)   (off)
ready line on stdout: scaleladder-cdn listening on http://HOST:PORT pid=PID`;

const OPTIONS = {
  origin: { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  pops: { type: 'string' },
  'default-pop': { type: 'string' },
  'region-rtt': { type: 'string' },
  'region-pop': { type: 'string' },
  shield: { type: 'boolean' },
  'shield-rtt': { type: 'string' },
  'origin-rtt': { type: 'string' },
  'max-bytes': { type: 'string' },
  'max-object-bytes': { type: 'string' },
  'purge-token': { type: 'string' },
  'origin-timeout': { type: 'string' },
  'origin-connections': { type: 'string' },
  'ignore-request-cache-control': { type: 'boolean' },
  'hit-for-pass': { type: 'string' },
  'expose-surrogate-headers': { type: 'boolean' },
  'stale-on-origin-error': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function int(flag: string, v: string): number {
  if (!/^\d+$/.test(v)) throw new UserError(`--${flag} must be a non-negative integer, got '${v}'`);
  return Number(v);
}

function size(flag: string, v: string): number {
  const n = parseByteSize(v);
  if (n === null) throw new UserError(`--${flag} must be a size like 64mb, 512k or 1048576, got '${v}'`);
  return n;
}

function rtt(flag: string, v: string): RttTable {
  const t = parseRttTable(v);
  if (typeof t === 'string') throw new UserError(`--${flag}: ${t} (e.g. --${flag} 20 or --${flag} eu=5,us=40)`);
  return t;
}

function pairs(flag: string, v: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of v.split(',')) {
    const [k, val, extra] = part.split('=');
    if (!k?.trim() || !val?.trim() || extra !== undefined) throw new UserError(`--${flag}: '${part}' must look like region=pop`);
    out[k.trim()] = val.trim();
  }
  return out;
}

/** A duration flag in ms; a bare number is ms here (the CDN's flags count in ms). */
function durationMs(flag: string, v: string): number {
  let s = NaN;
  try {
    s = parseDurationS(v, 'ms');
  } catch {
    // reported below with the flag's name
  }
  if (!(s > 0)) throw new UserError(`--${flag} must be a duration > 0 like 500ms, 10s or 2000, got '${v}'`);
  return Math.round(s * 1e6) / 1000;
}

/** Parses argv (without node and script); 'help' when --help was given. */
export function parseCdnArgs(argv: string[], env: NodeJS.ProcessEnv = {}): CdnConfig | 'help' {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (err) {
    throw new UserError(`${(err as Error).message.split('\n')[0]} (see --help)`);
  }
  if (values.help === true) return 'help';
  const s = (k: string) => values[k] as string | undefined;
  const origin = s('origin');
  if (origin === undefined) throw new UserError('--origin is required: the base URL of the app or balancer, e.g. --origin http://127.0.0.1:8080');
  const config: CdnConfig = { origin };
  if (s('port') !== undefined) config.port = int('port', s('port')!);
  if (s('host') !== undefined) config.host = s('host');
  if (s('pops') !== undefined) config.pops = s('pops')!.split(',').map((p) => p.trim()).filter((p) => p.length > 0);
  if (s('default-pop') !== undefined) config.defaultPop = s('default-pop');
  if (s('region-rtt') !== undefined) {
    const t = rtt('region-rtt', s('region-rtt')!);
    config.regionRttMs = { ...t.byName, '*': t.fallback };
  }
  if (s('region-pop') !== undefined) config.regionPop = pairs('region-pop', s('region-pop')!);
  if (values.shield === true) config.shield = true;
  if (s('shield-rtt') !== undefined) config.shieldRttMs = rtt('shield-rtt', s('shield-rtt')!);
  if (s('origin-rtt') !== undefined) config.originRttMs = rtt('origin-rtt', s('origin-rtt')!);
  if (s('max-bytes') !== undefined) config.maxBytes = size('max-bytes', s('max-bytes')!);
  if (s('max-object-bytes') !== undefined) config.maxObjectBytes = size('max-object-bytes', s('max-object-bytes')!);
  const token = s('purge-token') ?? env.SCALELADDER_CDN_PURGE_TOKEN;
  if (token !== undefined) config.purgeToken = token;
  if (s('origin-timeout') !== undefined) config.originTimeoutMs = durationMs('origin-timeout', s('origin-timeout')!);
  if (s('origin-connections') !== undefined) config.originConnections = int('origin-connections', s('origin-connections')!);
  if (values['ignore-request-cache-control'] === true) config.honorRequestCacheControl = false;
  if (s('hit-for-pass') !== undefined) config.hitForPassS = int('hit-for-pass', s('hit-for-pass')!);
  if (values['expose-surrogate-headers'] === true) config.exposeSurrogateHeaders = true;
  if (values['stale-on-origin-error'] === true) config.staleOnOriginError = true;
  return config;
}
