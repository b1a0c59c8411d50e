// XFetch probabilistic early expiration (Vattani, Chierichetti, Lowenstein, VLDB 2015): refresh before expiry with a probability that grows near it.

/**
 * True when this reader should recompute now: `now − delta·β·ln(rand) ≥ expiry`.
 * `-ln(rand)` is Exp(1)-distributed, so a reader refreshes about `delta·β·Exp(1)` before expiry:
 * costly values (large delta) are refreshed earlier, and β = 0 never refreshes early.
 */
export function xfetchShouldRefresh(nowMs: number, deltaMs: number, beta: number, expiryMs: number, random: () => number = Math.random): boolean {
  if (beta <= 0 || deltaMs <= 0) return nowMs >= expiryMs;
  // 1 - random() is in (0, 1], so the log is finite.
  return nowMs - deltaMs * beta * Math.log(1 - random()) >= expiryMs;
}
