// Sizes the generator's connection pool by Little's law (L = λ·W), so waiting for a pooled socket never hides in p99.

/** Floor: the old fixed default, enough for every low tier. */
export const MIN_CONNECTIONS = 64;
/** Ceiling: sockets one generator process opens to a loopback stage at most. */
export const MAX_CONNECTIONS = 4096;
/** Headroom over λ·W: 1, since W is already the SLO's p99, the slowest latency a passing step may have. */
export const CONNECTION_HEADROOM = 1;

export interface ConnectionSizing {
  connections: number;
  /** The arithmetic, for notes. */
  derivation: string;
}

/**
 * Connections for an arrival rate: ceil(rate × SLO p99 × headroom) within [MIN, MAX], so the pool keeps the rate even
 * while every response takes as long as the SLO allows (a pool sized for the typical latency turns the target's tail
 * into the client's own queue). A user-set value is kept as is.
 */
export function sizeConnections(a: { rate: number; sloP99Ms: number; userSet?: number }): ConnectionSizing {
  if (a.userSet !== undefined) return { connections: a.userSet, derivation: `--connections ${a.userSet} (set by the user)` };
  const little = Math.ceil(a.rate * (a.sloP99Ms / 1000) * CONNECTION_HEADROOM);
  const connections = Math.min(MAX_CONNECTIONS, Math.max(MIN_CONNECTIONS, little));
  return {
    connections,
    derivation: `connections = min(${MAX_CONNECTIONS}, max(${MIN_CONNECTIONS}, ceil(${a.rate} req/s × ${a.sloP99Ms} ms × ${CONNECTION_HEADROOM}))) = ${connections} (Little's law at the SLO p99)`,
  };
}
