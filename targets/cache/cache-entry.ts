// How one cached lookup is stored in Redis: the value (or null for an unknown code), its recompute cost and its logical expiry.

/** Stored as JSON: `v` the link or null (negative entry), `d` recompute time in ms (XFetch delta), `x` logical expiry in epoch ms. */
export interface CacheEntry<L> {
  v: L | null;
  d: number;
  x: number;
}

export function encodeEntry<L>(entry: CacheEntry<L>): string {
  return JSON.stringify(entry);
}

/** The entry, or undefined when the stored text is not one (a foreign or corrupt value is treated as a miss). */
export function decodeEntry<L>(raw: string): CacheEntry<L> | undefined {
  try {
    const e = JSON.parse(raw) as Partial<CacheEntry<L>>;
    if (e === null || typeof e !== 'object' || !('v' in e) || typeof e.d !== 'number' || typeof e.x !== 'number') return undefined;
    return { v: e.v ?? null, d: e.d, x: e.x };
  } catch {
    return undefined;
  }
}
