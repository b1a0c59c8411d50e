// Share of keys whose owner differs between two placements (before/after a membership change).

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
