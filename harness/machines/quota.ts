// Quota and period of a CPU budget: a short period (10 ms) keeps throttling stalls small, lengthened when the 1 ms minimum quota demands it.

/** Default CFS/cpu.max period, microseconds: a 0.1-core machine then runs 1 ms and stalls at most 9 ms. */
export const DEFAULT_PERIOD_US = 10_000;
/** The kernel refuses quotas under 1 ms. */
export const MIN_QUOTA_US = 1_000;
/** The kernel refuses periods over 1 s. */
export const MAX_PERIOD_US = 1_000_000;
/** Smallest budget the kernel can enforce: 1 ms per 1 s. */
export const MIN_CPU = MIN_QUOTA_US / MAX_PERIOD_US;

export interface Quota {
  quotaUs: number;
  periodUs: number;
}

/** period = max(basePeriodUs, 1 ms / cpu), capped at 1 s; quota = cpu × period (≥ 1 ms). */
export function quotaFor(cpu: number, basePeriodUs: number = DEFAULT_PERIOD_US): Quota {
  if (!(cpu >= MIN_CPU)) throw new RangeError(`cpu budget must be at least ${MIN_CPU} core, got ${cpu}`);
  if (!(basePeriodUs >= 1_000 && basePeriodUs <= MAX_PERIOD_US)) throw new RangeError(`period must be between 1000 and ${MAX_PERIOD_US} µs, got ${basePeriodUs}`);
  const periodUs = Math.min(MAX_PERIOD_US, Math.max(Math.round(basePeriodUs), Math.ceil(MIN_QUOTA_US / cpu)));
  const quotaUs = Math.max(MIN_QUOTA_US, Math.round(cpu * periodUs));
  return { quotaUs, periodUs };
}
