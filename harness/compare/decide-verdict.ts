// Turns "do the sides differ" and "by how much" into better / worse / no significant change, with a one-line reason.
import type { Direction, Verdict } from './compare-types.ts';

export function formatRel(rel: number): string {
  if (rel === Infinity) return '+∞ %';
  if (rel === -Infinity) return '−∞ %';
  const pct = rel * 100;
  const sign = pct > 0 ? '+' : pct < 0 ? '−' : '±';
  return `${sign}${Math.abs(pct).toFixed(Math.abs(pct) < 10 ? 2 : 1)} %`;
}

export function decideVerdict(
  direction: Direction,
  significant: boolean,
  relDelta: number,
  threshold: number,
): { verdict: Verdict; pastThreshold: boolean } {
  const pastThreshold = Math.abs(relDelta) >= threshold && relDelta !== 0;
  if (!significant || !pastThreshold) return { verdict: 'no significant change', pastThreshold };
  const improved = direction === 'lower' ? relDelta < 0 : relDelta > 0;
  return { verdict: improved ? 'better' : 'worse', pastThreshold };
}

/** e.g. "p=0.008 < 0.05; +20.1 % past ±5 %", "p=0.31 ≥ 0.05", "p=0.01; −2.00 % within ±5 %". */
export function describeVerdict(evidence: string, significant: boolean, relDelta: number, threshold: number, pastThreshold: boolean): string {
  const thr = `±${+(threshold * 100).toFixed(2)} %`;
  if (!significant) return evidence;
  return `${evidence}; ${formatRel(relDelta)} ${pastThreshold ? 'past' : 'within'} ${thr}`;
}
