// Formulas for seeds 003 and 004: a cache hierarchy's cascade of misses, the churn of a balancer without key affinity,
// and where two tier tables disagree.
import { UserError } from '../../errors/user-error.ts';
import { formatValue, sig } from '../../render/format-units.ts';
import { num } from './formula-inputs.ts';
import type { Formula } from './formula-types.ts';

interface Layer {
  name: string;
  hitRate: number;
  latencyMs: number;
}

function layersOf(claim: Parameters<Formula>[0]): Layer[] {
  const raw = claim.inputs.layers;
  if (!Array.isArray(raw) || raw.length === 0) throw new UserError(`claims file: claim ${claim.id} needs "inputs.layers": a list of { name, hitRate, latencyMs }`);
  return raw.map((l: Record<string, unknown>, i) => {
    const name = typeof l?.name === 'string' ? l.name : `layer ${i + 1}`;
    const hitRate = num(claim, 'hitRate', l);
    const latencyMs = num(claim, 'latencyMs', l);
    if (hitRate < 0 || hitRate > 1) throw new UserError(`claims file: claim ${claim.id}: layer ${name} hitRate must be between 0 and 1 (got ${hitRate})`);
    return { name, hitRate, latencyMs };
  });
}

/**
 * Misses cascade down: layer i sees the misses of every layer above it. Value = the share of reads that miss every
 * layer (what reaches the store below the last one); details hold each layer's share of reads served and the mean latency.
 */
export const cacheCascade: Formula = (claim) => {
  const layers = layersOf(claim);
  let reach = 1;
  let meanMs = 0;
  const served: Record<string, number> = {};
  for (const l of layers) {
    served[l.name] = reach * l.hitRate;
    meanMs += reach * l.hitRate * l.latencyMs;
    reach *= 1 - l.hitRate;
  }
  const belowMs = typeof claim.inputs.belowLatencyMs === 'number' ? claim.inputs.belowLatencyMs : 0;
  meanMs += reach * belowMs;
  return {
    value: reach,
    unit: 'fraction',
    text: `${layers.map((l) => `(1 − ${formatValue(l.hitRate, 'fraction')} ${l.name})`).join(' × ')} = ${formatValue(reach, 'fraction')} of reads get past every layer; mean ${sig(meanMs)} ms per read`,
    details: { servedShare: served, meanLatencyMs: meanMs },
    checksStated: true,
  };
};

/**
 * A balancer with no key affinity (round-robin, power of two choices) sends a key's next request to any of N servers:
 * it lands where the previous one did with probability 1/N, so the "moved" share is 1 − 1/N with or without a change.
 */
export const noAffinityChurn: Formula = (claim) => {
  const n = num(claim, 'servers');
  if (!Number.isInteger(n) || n < 1) throw new UserError(`claims file: claim ${claim.id}: inputs.servers must be an integer >= 1 (got ${n})`);
  const value = 1 - 1 / n;
  return {
    value,
    unit: 'fraction',
    text: `no key affinity: a code's next request reaches another of ${n} servers with probability 1 − 1/${n} = ${formatValue(value, 'fraction')}, whether or not a server joined`,
    checksStated: true,
  };
};

/** Two tables naming the fix at each user tier: the tiers where they name different fixes (value = how many). */
export const tierTableDiff: Formula = (claim) => {
  const tables = claim.inputs.tables as Record<string, Record<string, string>> | undefined;
  const names = tables && typeof tables === 'object' ? Object.keys(tables) : [];
  if (names.length !== 2) throw new UserError(`claims file: claim ${claim.id} needs "inputs.tables" with two tables of tier: fix`);
  const [a, b] = names;
  const tiers = [...new Set([...Object.keys(tables![a]), ...Object.keys(tables![b])])];
  const differ = tiers.filter((t) => (tables![a][t] ?? '—') !== (tables![b][t] ?? '—'));
  return {
    value: differ.length,
    unit: 'tiers',
    text: `${differ.length} of ${tiers.length} tiers differ: ${differ.map((t) => `${t}: ${a} "${tables![a][t] ?? '—'}" vs ${b} "${tables![b][t] ?? '—'}"`).join('; ')}`,
    details: { tiers, differ },
    checksStated: true,
  };
};
