// Zipf shares at any size: H(n, s) exact up to 10K terms, Euler–Maclaurin tail beyond; and the skew a stated share needs.

const EXACT_TERMS = 10_000;

/** Generalized harmonic number H(n, s) = Σ_{k=1..n} k^-s; relative error < 1e-9 for large n. */
export function harmonic(n: number, s: number): number {
  const exactTo = Math.min(n, EXACT_TERMS);
  let sum = 0;
  for (let k = exactTo; k >= 1; k--) sum += Math.pow(k, -s);
  if (n <= exactTo) return sum;
  // Σ_{k=K+1..n} f(k) ≈ ∫_K^n f + (f(n) − f(K))/2 + (f'(n) − f'(K))/12, with f(x) = x^-s.
  const K = exactTo;
  const f = (x: number): number => Math.pow(x, -s);
  const df = (x: number): number => -s * Math.pow(x, -s - 1);
  const integral = Math.abs(1 - s) < 1e-12 ? Math.log(n / K) : (Math.pow(n, 1 - s) - Math.pow(K, 1 - s)) / (1 - s);
  return sum + integral + (f(n) - f(K)) / 2 + (df(n) - df(K)) / 12;
}

/** Share of requests that go to the top `m` of `n` ranks under Zipf(s). */
export function topShare(n: number, s: number, m: number): number {
  return harmonic(Math.min(m, n), s) / harmonic(n, s);
}

/** Number of ranks in the top `fraction` of `n` (at least 1). */
export function topCount(n: number, fraction: number): number {
  return Math.max(1, Math.round(n * fraction));
}

/** The Zipf skew at which the top `fraction` of `n` ranks get `share` of requests (bisection; share grows with s). */
export function skewForShare(n: number, fraction: number, share: number): number | null {
  const m = topCount(n, fraction);
  if (m >= n) return null;
  let lo = 0;
  let hi = 10;
  if (topShare(n, hi, m) < share || topShare(n, lo, m) > share) return null;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (topShare(n, mid, m) < share) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
