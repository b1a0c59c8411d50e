// Counts the keys that change server when a pool grows from `from` to `to`: modulo placement vs a consistent-hash ring
// (the project's own ring and hash, the ones the shards and the keys-moved command use).
import { ConsistentHashRing } from '../../../targets/placement/consistent-hash-ring.ts';
import { stableHash32 } from '../../../targets/placement/stable-hash.ts';

export interface KeysMovedMeasurement {
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

export function measureKeysMoved(codes: readonly string[], from: number, to: number, vnodes = 160): KeysMovedMeasurement {
  const names = (n: number): string[] => Array.from({ length: n }, (_, i) => `app-${i + 1}`);
  const before = new ConsistentHashRing(names(from), { vnodes });
  const after = new ConsistentHashRing(names(to), { vnodes });
  const added = new Set(names(to).slice(from));
  let modMoved = 0;
  let ringMoved = 0;
  let onNew = 0;
  for (const code of codes) {
    const h = stableHash32(code);
    if (h % from !== h % to) modMoved++;
    const a = after.nodeFor(code);
    if (before.nodeFor(code) !== a) ringMoved++;
    if (added.has(a)) onNew++;
  }
  const n = codes.length;
  return { keys: n, from, to, vnodes, modN: modMoved / n, consistent: ringMoved / n, newServersShare: onNew / n, hash: 'stableHash32 (FNV-1a + murmur3 finaliser)' };
}
