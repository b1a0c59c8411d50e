// Seeded pseudo-random numbers (mulberry32): every driver (built-in, autocannon, k6) draws the same sequence for one seed.
export type Random = () => number;

/** A deterministic generator of floats in [0, 1) from a 32-bit seed. Pure: no Node or k6 APIs. */
export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
