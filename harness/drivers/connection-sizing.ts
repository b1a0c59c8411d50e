// Sizes the generator's connection pool by Little's law (L = λ·W, with headroom), unless the user set --connections.

/** Floor: the old fixed default, enough for every low tier. */
export const MIN_CONNECTIONS = 64;
/** Ceiling: sockets one generator process opens to a loopback stage at most. */
export const MAX_CONNECTIONS = 4096;
/** Expected response time W the pool is sized for (ms): the same figure k6's VU pool is sized for (EXPECTED_LATENCY_MS). */
export const EXPECTED_LATENCY_MS = 10;
/** Headroom over λ·W, for latency variance and send bursts (as k6's VU sizing). */
export const CONNECTION_HEADROOM = 2;

export interface ConnectionSizing {
  connections: number;
  /** The arithmetic, for notes. */
  derivation: string;
}

/**
 * Connections for an arrival rate: ceil(rate × expected latency × headroom) within [MIN, MAX]; a user-set value is kept
 * as is. Not sized for the SLO's p99: measured on a shared 2-core VM (make perf, 4,000 req/s, three interleaved pairs),
 * a 400-socket pool gave a p99 3–30× worse than 64 sockets, the extra connections being opened mid-step while the
 * generator was short of CPU. When the target slows past W·headroom the pool fills; that wait is recorded (poolWait)
 * and judged by loadgenVerdict (the generator's limit only if the target still answered within the SLO).
 */
export function sizeConnections(a: { rate: number; expectedLatencyMs?: number; userSet?: number }): ConnectionSizing {
  if (a.userSet !== undefined) return { connections: a.userSet, derivation: `--connections ${a.userSet} (set by the user)` };
  const w = a.expectedLatencyMs ?? EXPECTED_LATENCY_MS;
  const little = Math.ceil(a.rate * (w / 1000) * CONNECTION_HEADROOM);
  const connections = Math.min(MAX_CONNECTIONS, Math.max(MIN_CONNECTIONS, little));
  return {
    connections,
    derivation: `connections = min(${MAX_CONNECTIONS}, max(${MIN_CONNECTIONS}, ceil(${a.rate} req/s × ${w} ms × ${CONNECTION_HEADROOM}))) = ${connections} (Little's law)`,
  };
}
