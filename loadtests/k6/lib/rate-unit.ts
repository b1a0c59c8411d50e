// Expresses a fractional arrival rate in k6's integer `rate` per `timeUnit` (k6 only takes whole iterations per unit).

export interface K6Rate {
  rate: number;
  timeUnit: '1s' | '1m';
}

/** Whole per-second rates stay per second; others become iterations per minute (error at most 1/120 req/s). */
export function toK6Rate(ratePerS: number): K6Rate {
  if (!(ratePerS > 0) || !Number.isFinite(ratePerS)) throw new RangeError(`rate must be a finite number > 0 (got ${ratePerS})`);
  const whole = Math.round(ratePerS);
  if (Math.abs(ratePerS - whole) < 1e-9 && whole >= 1) return { rate: whole, timeUnit: '1s' };
  return { rate: Math.max(1, Math.round(ratePerS * 60)), timeUnit: '1m' };
}

/** Requests per second a K6Rate stands for. */
export function perSecond(r: K6Rate): number {
  return r.timeUnit === '1s' ? r.rate : r.rate / 60;
}
