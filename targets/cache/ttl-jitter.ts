// TTL with uniform ±jitter, so keys filled in the same burst do not all expire in the same millisecond.

/** `baseMs` × (1 + jitter × u), u uniform in [-1, 1), rounded to whole ms and never below 1. */
export function jitteredTtlMs(baseMs: number, jitter: number, random: () => number = Math.random): number {
  const u = random() * 2 - 1;
  return Math.max(1, Math.round(baseMs * (1 + jitter * u)));
}
