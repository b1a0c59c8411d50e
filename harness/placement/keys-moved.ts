// Share of keys whose owner differs between two placements, and what mod-N and a consistent-hash ring predict when a pool grows.
import { ConsistentHashRing } from '../../targets/placement/consistent-hash-ring.ts';
import { stableHash32 } from '../../targets/placement/stable-hash.ts';

/** A placement: a function from key to owner, or an observed key → owner map. */
export type Placement = ((key: string) => string | number) | ReadonlyMap<string, string | number>;

function ownerOf(placement: Placement, key: string): string | number | undefined {
  return typeof placement === 'function' ? placement(key) : placement.get(key);
}

/** Moved keys / placed keys, in [0, 1]; keys missing from either placement are not counted. NaN when none is placed in both. */
export function keysMoved(keys: Iterable<string>, before: Placement, after: Placement): number {
  const { moved, compared } = keysMovedCount(keys, before, after);
  return compared === 0 ? Number.NaN : moved / compared;
}

/** The counts behind `keysMoved`: how many keys were placed by both, and how many of those changed owner. */
export function keysMovedCount(keys: Iterable<string>, before: Placement, after: Placement): { moved: number; compared: number } {
  let moved = 0;
  let compared = 0;
  for (const key of keys) {
    const a = ownerOf(before, key);
    const b = ownerOf(after, key);
    if (a === undefined || b === undefined) continue;
    compared++;
    if (a !== b) moved++;
  }
  return { moved, compared };
}

/** Mod-N placement (hash(code) mod n), the "legacy" scheme the seed says moves ~80 % of keys: index in [0, n). */
export function modPlacement(code: string, n: number): number {
  if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`n must be a positive integer, got ${n}`);
  return stableHash32(code) % n;
}

export interface ExpectedKeysMoved {
  keys: number;
  from: number;
  to: number;
  vnodes: number;
  /** Share of keys with hash mod from ≠ hash mod to. */
  modN: number;
  /** Share of keys whose ring owner changed. */
  consistent: number;
  /** Share of keys the new servers own on the grown ring (how even the vnodes made it). */
  newServersShare: number;
  hash: string;
}

/** What the project's own hash and ring (the ones the shards use) move when `app-1..from` grows to `app-1..to`. */
export function expectedKeysMoved(codes: readonly string[], from: number, to: number, vnodes = 160): ExpectedKeysMoved {
  const names = (n: number): string[] => Array.from({ length: n }, (_, i) => `app-${i + 1}`);
  const before = new ConsistentHashRing(names(from), { vnodes });
  const after = new ConsistentHashRing(names(to), { vnodes });
  const added = new Set(names(to).slice(from));
  const mod = keysMovedCount(codes, (k) => modPlacement(k, from), (k) => modPlacement(k, to));
  const ring = keysMovedCount(codes, (k) => before.nodeFor(k), (k) => after.nodeFor(k));
  const onNew = codes.filter((c) => added.has(after.nodeFor(c))).length;
  const n = codes.length;
  return { keys: n, from, to, vnodes, modN: mod.moved / n, consistent: ring.moved / n, newServersShare: onNew / n, hash: 'stableHash32 (FNV-1a + murmur3 finaliser)' };
}
