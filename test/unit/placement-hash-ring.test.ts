// Placement math: the ring is stable and balanced, adding a node moves ~1/N keys (only to the new node), mod-N moves ~80 %.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ConsistentHashRing } from '../../targets/placement/consistent-hash-ring.ts';
import { keysMoved, keysMovedCount, modPlacement } from '../../harness/placement/keys-moved.ts';
import { fnv1a32, stableHash32 } from '../../targets/placement/stable-hash.ts';

const codes = Array.from({ length: 20_000 }, (_, i) => `c${i.toString(36).padStart(6, '0')}`);
const nodes = (n: number): string[] => Array.from({ length: n }, (_, i) => `app-${i + 1}`);

describe('stable hash', () => {
  it('matches the published FNV-1a 32 test vectors', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });
  it('is an unsigned 32-bit integer', () => {
    fc.assert(fc.property(fc.string(), (s) => Number.isInteger(stableHash32(s)) && stableHash32(s) >= 0 && stableHash32(s) < 2 ** 32));
  });
});

describe('consistent-hash ring', () => {
  it('given the same nodes in any order, places every key on the same node', () => {
    const a = new ConsistentHashRing(['x', 'y', 'z']);
    const b = new ConsistentHashRing(['z', 'x', 'y']);
    for (const c of codes.slice(0, 2000)) expect(a.nodeFor(c)).toBe(b.nodeFor(c));
  });

  it('with 160 vnodes, each of 5 nodes owns 20 % ± 5 points of the keys', () => {
    const ring = new ConsistentHashRing(nodes(5));
    const counts = new Map<string, number>();
    for (const c of codes) counts.set(ring.nodeFor(c), (counts.get(ring.nodeFor(c)) ?? 0) + 1);
    for (const n of nodes(5)) expect(Math.abs(counts.get(n)! / codes.length - 0.2)).toBeLessThan(0.05);
  });

  it('when a 5th node joins 4, about 1/5 of the keys move, and only to the new node', () => {
    const before = new ConsistentHashRing(nodes(4));
    const after = before.with('app-5');
    const share = keysMoved(codes, (c) => before.nodeFor(c), (c) => after.nodeFor(c));
    expect(share).toBeGreaterThan(0.15);
    expect(share).toBeLessThan(0.25);
    for (const c of codes) if (before.nodeFor(c) !== after.nodeFor(c)) expect(after.nodeFor(c)).toBe('app-5');
  });

  it('property: adding any node never moves a key between two old nodes; removing it restores the placement', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.array(fc.string({ minLength: 1, maxLength: 10 }), { minLength: 1, maxLength: 200 }), (n, keys) => {
        const ring = new ConsistentHashRing(nodes(n), { vnodes: 40 });
        const grown = ring.with('new');
        const back = grown.without('new');
        return keys.every((k) => {
          const o = ring.nodeFor(k);
          const g = grown.nodeFor(k);
          return (g === o || g === 'new') && back.nodeFor(k) === o;
        });
      }),
      { numRuns: 60 },
    );
  });

  it('rejects bad input with the rule in the message', () => {
    expect(() => new ConsistentHashRing(['a'], { vnodes: 0 })).toThrow(/between 1 and 10000/);
    expect(() => new ConsistentHashRing(['a', 'a'])).toThrow(/unique/);
    expect(() => new ConsistentHashRing([]).nodeFor('x')).toThrow(/no nodes/);
  });
});

describe('mod-N placement', () => {
  it('going 4 → 5 moves about 80 % of the keys (the seed claim), as the brute-force count says', () => {
    const share = keysMoved(codes, (c) => modPlacement(c, 4), (c) => modPlacement(c, 5));
    // A key stays iff h mod 4 = h mod 5, i.e. h mod 20 < 4: 4/20 stay.
    const brute = codes.filter((c) => stableHash32(c) % 20 >= 4).length / codes.length;
    expect(share).toBeCloseTo(brute, 10);
    expect(share).toBeGreaterThan(0.77);
    expect(share).toBeLessThan(0.83);
  });
  it('rejects n < 1', () => expect(() => modPlacement('a', 0)).toThrow(/positive integer/));
});

describe('keysMoved', () => {
  it('counts only keys placed by both placements (observed maps may miss some)', () => {
    const before = new Map([['a', 1], ['b', 2], ['c', 3]]);
    const after = new Map([['a', 1], ['b', 9]]);
    expect(keysMovedCount(['a', 'b', 'c', 'd'], before, after)).toEqual({ moved: 1, compared: 2 });
    expect(keysMoved(['a', 'b'], before, after)).toBe(0.5);
    expect(keysMoved([], before, after)).toBeNaN();
  });
});
