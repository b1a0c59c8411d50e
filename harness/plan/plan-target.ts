// Resolves the plan's target: users through the tier file's assumptions, or a peak rate given directly.
import { UserError } from '../errors/user-error.ts';
import { tierRate, type TierAssumptions } from '../../loadtests/workload/tiers.ts';
import type { PlanAssumption, PlanTarget } from './plan-types.ts';

export interface TargetInput {
  users?: number;
  /** Peak arrival rate (reads + writes, req/s) to hold; peakFactor does not apply to it. */
  rate?: number;
  peakFactor?: number;
}

const fmt = (v: number) => Math.round(v).toLocaleString('en-US');

export function resolveTarget(input: TargetInput, tiers: TierAssumptions): PlanTarget {
  const { users, rate } = input;
  if (users === undefined && rate === undefined) throw new UserError('plan needs a target: give --users N (e.g. 1M) or --rate R (peak req/s)');
  if (users !== undefined && rate !== undefined) throw new UserError('plan takes one target: give --users or --rate, not both');
  const peakFactor = input.peakFactor ?? tiers.peakFactor;
  if (!(peakFactor >= 1)) throw new UserError(`--peak-factor ${peakFactor} is not valid; give a number ≥ 1 (peak ÷ average)`);
  const a: TierAssumptions = { ...tiers, peakFactor };
  const assumptions: PlanAssumption[] = [
    { name: 'reads per user per day', value: tiers.readsPerUserPerDay, source: 'tiers file' },
    { name: 'writes per user per day', value: tiers.writesPerUserPerDay, source: 'tiers file' },
    { name: 'peak factor', value: peakFactor, source: input.peakFactor !== undefined ? 'input' : 'tiers file' },
  ];
  const total = tiers.readsPerUserPerDay + tiers.writesPerUserPerDay;
  const writeShare = total > 0 ? tiers.writesPerUserPerDay / total : 0;
  if (users !== undefined) {
    if (!(users > 0)) throw new UserError(`--users ${users} is not valid; give a positive number of users (e.g. 1M)`);
    const r = tierRate({ name: 'target', users }, a);
    return {
      users,
      peakRate: r.peakRate,
      peakReadRate: r.readsPerSecAvg * peakFactor,
      peakWriteRate: r.writesPerSecAvg * peakFactor,
      linksPerDay: users * tiers.writesPerUserPerDay,
      derivation: r.derivation,
      assumptions,
    };
  }
  if (!(rate! > 0)) throw new UserError(`--rate ${rate} is not valid; give the peak arrival rate in req/s (> 0)`);
  const peakWriteRate = rate! * writeShare;
  return {
    users: null,
    peakRate: rate!,
    peakReadRate: rate! - peakWriteRate,
    peakWriteRate,
    linksPerDay: (peakWriteRate / peakFactor) * tiers.secondsPerDay,
    derivation:
      `${fmt(rate!)} req/s at peak (given); writes ${(writeShare * 100).toFixed(2)} % of requests (tiers file read:write) = ` +
      `${peakWriteRate.toFixed(1)} writes/s at peak, ${(peakWriteRate / peakFactor).toFixed(2)} on average (÷ peak ${peakFactor})`,
    assumptions: [assumptions[0], assumptions[1], { ...assumptions[2], note: 'only turns peak writes into links per day' }],
  };
}
