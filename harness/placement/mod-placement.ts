// Mod-N placement (hash(code) mod n): the "legacy" scheme the seed says moves ~80 % of keys when n changes.
import { stableHash32 } from './stable-hash.ts';

/** Index in [0, n) of the node owning `code` under hash-mod-N placement. */
export function modPlacement(code: string, n: number): number {
  if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`n must be a positive integer, got ${n}`);
  return stableHash32(code) % n;
}
