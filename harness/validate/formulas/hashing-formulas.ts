// Keys moved when a pool changes size: exact share under mod-N placement, and the ideal share under consistent hashing.
import { formatValue } from '../../render/format-units.ts';
import { UserError } from '../../errors/user-error.ts';
import { num } from './formula-inputs.ts';
import type { Formula } from './formula-types.ts';

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

function pool(claim: Parameters<Formula>[0]): { from: number; to: number } {
  const from = num(claim, 'from');
  const to = num(claim, 'to');
  for (const [k, v] of [['from', from], ['to', to]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new UserError(`claims file: claim ${claim.id}: inputs.${k} must be an integer >= 1 (got ${v})`);
  }
  return { from, to };
}

/**
 * Exact share of uniformly hashed keys h with h mod from ≠ h mod to: the residues repeat every lcm(from, to),
 * so counting over one period is exact (for N → N+1 it is N / (N+1)).
 */
export function modNMovedShare(from: number, to: number): { moved: number; period: number; stay: number } {
  const period = (from * to) / gcd(from, to);
  let stay = 0;
  for (let h = 0; h < period; h++) if (h % from === h % to) stay++;
  return { moved: (period - stay) / period, period, stay };
}

export const modNMoved: Formula = (claim) => {
  const { from, to } = pool(claim);
  const { moved, period, stay } = modNMovedShare(from, to);
  return {
    value: moved,
    unit: 'fraction',
    text: `keys with h mod ${from} ≠ h mod ${to}: ${period - stay} of every ${period} residues = ${formatValue(moved, 'fraction')}`,
    details: { period, residuesThatStay: stay },
    checksStated: true,
  };
};

/** The least any balanced placement must move: the added servers' fair share |to − from| / max(from, to). */
export function consistentIdealShare(from: number, to: number): number {
  return Math.abs(to - from) / Math.max(from, to);
}

export const consistentMoved: Formula = (claim) => {
  const { from, to } = pool(claim);
  const value = consistentIdealShare(from, to);
  return {
    value,
    unit: 'fraction',
    text: `${from} → ${to} servers: only the changed servers' fair share moves, ${Math.abs(to - from)}/${Math.max(from, to)} = ${formatValue(value, 'fraction')}`,
    checksStated: true,
  };
};
