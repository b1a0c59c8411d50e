// The balancing algorithms a stage-3 run can pick, and the nginx and HAProxy directives that implement each.
import { UserError } from '../../harness/errors/user-error.ts';

export const BALANCER_ALGORITHMS = ['round-robin', 'least-connections', 'consistent-hash', 'power-of-two'] as const;
export type BalancerAlgorithm = (typeof BALANCER_ALGORITHMS)[number];

/**
 * Not offered for benches: hash-mod-N placement ('legacy systems' in the seed), so the keys-moved measurement can set a
 * real balancer's mod-N against its consistent hashing. nginx `hash $code` without `consistent`; HAProxy `map-based`.
 */
export const MEASUREMENT_ONLY_ALGORITHMS = ['modulo-hash'] as const;

/** What a balancer config can be generated for: a bench algorithm, or a measurement-only one. */
export type ConfigAlgorithm = BalancerAlgorithm | (typeof MEASUREMENT_ONLY_ALGORITHMS)[number];

export const BALANCERS = ['nginx', 'haproxy'] as const;
export type BalancerKind = (typeof BALANCERS)[number];

/** Does the algorithm send one code to one app process while membership is fixed (cache affinity)? */
export function hasAffinity(algorithm: ConfigAlgorithm): boolean {
  return algorithm === 'consistent-hash' || algorithm === 'modulo-hash';
}

/**
 * nginx: `$code` is the short code taken from `/<code>` or `/api/links/<code>` (the `map` in nginx-config.ts), so a
 * redirect and a metadata read of one code land on the same process. Each directive must come before `keepalive`.
 */
export function nginxBalanceDirectives(algorithm: ConfigAlgorithm): string[] {
  switch (algorithm) {
    case 'round-robin':
      return []; // nginx's default
    case 'least-connections':
      return ['least_conn;'];
    case 'consistent-hash':
      return ['hash $code consistent;']; // ketama: 160 points per server weight
    case 'power-of-two':
      return ['random two least_conn;'];
    case 'modulo-hash':
      return ['hash $code;']; // crc32(code) mod total weight
  }
}

/**
 * HAProxy: consistent hashing hashes the request *path* only (the `path` fetch excludes the query string and any
 * absolute-form authority), with `/api/links/` stripped so both routes of a code hash alike (`balance hash` exists
 * since HAProxy 2.6; `balance uri` would hash the two routes differently).
 */
export function haproxyBalanceDirectives(algorithm: ConfigAlgorithm): string[] {
  switch (algorithm) {
    case 'round-robin':
      return ['balance roundrobin'];
    case 'least-connections':
      return ['balance leastconn'];
    case 'consistent-hash':
      return ['balance hash path,regsub(^/api/links/,/)', 'hash-type consistent'];
    case 'power-of-two':
      return ['balance random(2)'];
    case 'modulo-hash':
      return ['balance hash path,regsub(^/api/links/,/)', 'hash-type map-based'];
  }
}

/** Parses a CLI value; a wrong one is a UserError listing the choices. */
export function parseAlgorithm(value: string): BalancerAlgorithm {
  if ((BALANCER_ALGORITHMS as readonly string[]).includes(value)) return value as BalancerAlgorithm;
  throw new UserError(`unknown balancing algorithm '${value}': use one of ${BALANCER_ALGORITHMS.join(', ')}`);
}

/** Parses a CLI value; a wrong one is a UserError listing the choices. */
export function parseBalancer(value: string): BalancerKind {
  if ((BALANCERS as readonly string[]).includes(value)) return value as BalancerKind;
  throw new UserError(`unknown balancer '${value}': use one of ${BALANCERS.join(', ')}`);
}
