// Reads named numbers out of a claim's inputs; a missing or non-numeric one is a UserError naming the claim.
import { UserError } from '../../errors/user-error.ts';
import type { Claim } from '../claim-types.ts';

export function num(claim: Claim, name: string, from: Record<string, unknown> = claim.inputs): number {
  const v = from[name];
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new UserError(`claims file: claim ${claim.id} needs a number "inputs.${name}" (got ${JSON.stringify(v)})`);
  }
  return v;
}

export function str(claim: Claim, name: string): string {
  const v = claim.inputs[name];
  if (typeof v !== 'string' || v === '') {
    throw new UserError(`claims file: claim ${claim.id} needs a string "inputs.${name}" (got ${JSON.stringify(v)})`);
  }
  return v;
}

/** A mapping of named numbers, e.g. inputs.multiply; empty when absent. */
export function numbers(claim: Claim, name: string): [string, number][] {
  const v = claim.inputs[name];
  if (v === undefined) return [];
  if (!v || typeof v !== 'object' || Array.isArray(v)) {
    throw new UserError(`claims file: claim ${claim.id}: "inputs.${name}" must be a mapping of name: number`);
  }
  const rec = v as Record<string, unknown>;
  return Object.keys(rec).map((k) => [k, num(claim, k, rec)]);
}
