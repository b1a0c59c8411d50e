// What the supervisor needs to boot one process of a stage: command, environment, CPU set and readiness.
import type { WaitStrategy } from './wait-strategy.ts';

export type { WaitStrategy } from './wait-strategy.ts';

export type ServiceRole = 'app' | 'db' | 'cache' | 'balancer' | 'cdn' | 'fixture' | 'loadgen';

/** One process to boot. Defaults are applied once, in `normalizeSpec`. */
export interface ServiceSpec {
  /** Unique in a run, e.g. 'app-1', 'redis', 'nginx'; also names the log file. */
  name: string;
  role: ServiceRole;
  /** Absolute path, a path relative to `cwd`, or a name resolved on PATH (a missing binary is a UserError naming the package). */
  command: string;
  args: string[];
  /** Added to the harness's own environment (not a replacement for it). */
  env?: Record<string, string>;
  /** Working directory of the child (default: the harness's cwd). */
  cwd?: string;
  /** CPU list for `taskset -c` (Linux only, and only when taskset exists); recorded on the handle when applied. */
  cpus?: string;
  /** Port the service was told to listen on, when the caller chose it (e.g. from `freePort()`); lets `Wait.forHttp` work without a ready-line capture. */
  port?: number;
  /** Host the service listens on (default '127.0.0.1'). */
  host?: string;
  /** Entry URL, when the caller already knows it; otherwise filled from a ready-line capture or from `port`. */
  url?: string;
  ready: WaitStrategy;
  /** Default 10_000. */
  readyTimeoutMs?: number;
  /** SIGTERM, then SIGKILL after this many ms (default 3_000). */
  stopGraceMs?: number;
}

export type NormalizedSpec = ServiceSpec & { host: string; readyTimeoutMs: number; stopGraceMs: number; env: Record<string, string> };

const NAME_RULE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Applies the defaults once and rejects a spec that could not work, with the rule in the message. */
export function normalizeSpec(spec: ServiceSpec): NormalizedSpec {
  const { host = '127.0.0.1', readyTimeoutMs = 10_000, stopGraceMs = 3_000, env = {} } = spec;
  if (!NAME_RULE.test(spec.name)) {
    throw new TypeError(`service name '${spec.name}' must be letters, digits, '.', '_' or '-' (it names the log file)`);
  }
  if (!(readyTimeoutMs > 0)) throw new TypeError(`${spec.name}: readyTimeoutMs must be > 0, got ${readyTimeoutMs}`);
  if (!(stopGraceMs >= 0)) throw new TypeError(`${spec.name}: stopGraceMs must be >= 0, got ${stopGraceMs}`);
  if (spec.port !== undefined && !(Number.isInteger(spec.port) && spec.port > 0 && spec.port < 65536)) {
    throw new TypeError(`${spec.name}: port must be an integer between 1 and 65535, got ${spec.port}`);
  }
  return { ...spec, host, readyTimeoutMs, stopGraceMs, env };
}
