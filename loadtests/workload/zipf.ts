// Zipf sampler over ranks 1..n by rejection-inversion (Hörmann & Derflinger 1996, as in Apache Commons RNG): O(1) memory, exact.
import type { Random } from './prng.ts';

/** P(rank = k) = k^-s / H(n, s). s >= 0 (s = 0 is uniform). */
export class ZipfSampler {
  readonly n: number;
  readonly s: number;
  private readonly hIntegralX1: number;
  private readonly hIntegralN: number;
  private readonly sFactor: number;

  constructor(n: number, s: number) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`zipf: n must be an integer >= 1 (got ${n})`);
    if (!(s >= 0) || !Number.isFinite(s)) throw new RangeError(`zipf: skew must be a finite number >= 0 (got ${s})`);
    this.n = n;
    this.s = s;
    this.hIntegralX1 = this.hIntegral(1.5) - 1;
    this.hIntegralN = this.hIntegral(n + 0.5);
    this.sFactor = 2 - this.hIntegralInverse(this.hIntegral(2.5) - this.h(2));
  }

  /** A rank in 1..n; rank 1 is the most popular. */
  sample(random: Random): number {
    for (;;) {
      const u = this.hIntegralN + random() * (this.hIntegralX1 - this.hIntegralN);
      const x = this.hIntegralInverse(u);
      let k = Math.floor(x + 0.5);
      if (k < 1) k = 1;
      else if (k > this.n) k = this.n;
      if (k - x <= this.sFactor || u >= this.hIntegral(k + 0.5) - this.h(k)) return k;
    }
  }

  private h(x: number): number {
    return Math.exp(-this.s * Math.log(x));
  }

  private hIntegral(x: number): number {
    const logX = Math.log(x);
    return helper2((1 - this.s) * logX) * logX;
  }

  private hIntegralInverse(x: number): number {
    let t = x * (1 - this.s);
    if (t < -1) t = -1;
    return Math.exp(helper1(t) * x);
  }
}

function helper1(x: number): number {
  return Math.abs(x) > 1e-8 ? Math.log1p(x) / x : 1 - x * (0.5 - x * (1 / 3 - 0.25 * x));
}

function helper2(x: number): number {
  return Math.abs(x) > 1e-8 ? Math.expm1(x) / x : 1 + x * 0.5 * (1 + (x / 3) * (1 + 0.25 * x));
}

/** Exact probability of rank k (for tests and for the analytic hit-ratio figures). */
export function zipfPmf(n: number, s: number, k: number): number {
  return Math.pow(k, -s) / generalizedHarmonic(n, s);
}

/** Share of all requests that go to the top `m` ranks: H(m, s) / H(n, s). */
export function zipfTopShare(n: number, s: number, m: number): number {
  return generalizedHarmonic(Math.min(m, n), s) / generalizedHarmonic(n, s);
}

export function generalizedHarmonic(n: number, s: number): number {
  let sum = 0;
  for (let k = n; k >= 1; k--) sum += Math.pow(k, -s);
  return sum;
}
