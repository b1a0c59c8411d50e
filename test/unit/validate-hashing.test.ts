// Keys moved when a pool grows: exact mod-N share (vs brute force), the ideal consistent share, and both measured on real codes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { consistentIdealShare, modNMovedShare } from '../../harness/validate/formulas/hashing-formulas.ts';
import { ConsistentHashRing } from '../../targets/placement/consistent-hash-ring.ts';
import { stableHash32 } from '../../targets/placement/stable-hash.ts';
import { expectedKeysMoved } from '../../harness/placement/keys-moved.ts';
import { encodeId } from '../../targets/app/codegen.ts';

describe('mod-N keys moved (formula)', () => {
  it('4 → 5 servers: exactly 80 % of keys change server (16 of every 20 residues)', () => {
    expect(modNMovedShare(4, 5)).toEqual({ moved: 0.8, period: 20, stay: 4 });
  });

  it('N → N+1 moves N/(N+1) of the keys', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 200 }), (n) => Math.abs(modNMovedShare(n, n + 1).moved - n / (n + 1)) < 1e-12));
  });

  it('matches a brute-force count over many hashes for any pool sizes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 30 }), (a, b) => {
        const span = 50_400; // a multiple of lcm(1..10) and large enough that residue periods repeat many times
        const period = modNMovedShare(a, b).period;
        const total = span - (span % period);
        let moved = 0;
        for (let h = 0; h < total; h++) if (h % a !== h % b) moved++;
        return Math.abs(moved / total - modNMovedShare(a, b).moved) < 1e-12;
      }),
      { numRuns: 50 },
    );
  });
});

describe('consistent hashing keys moved (formula)', () => {
  it('the least a balanced placement can move is the new servers\' fair share', () => {
    expect(consistentIdealShare(4, 5)).toBeCloseTo(0.2, 12);
    expect(consistentIdealShare(5, 4)).toBeCloseTo(0.2, 12);
    expect(consistentIdealShare(10, 12)).toBeCloseTo(2 / 12, 12);
  });
});

describe('hash ring (the project ring validate measures with)', () => {
  it('owns every key, wraps past the last point, and keeps old points when a server is added', () => {
    const ring = new ConsistentHashRing(['a', 'b', 'c'], { vnodes: 8 });
    // Keys hashing past the last point wrap to the first: every key has an owner.
    for (let i = 0; i < 2000; i++) expect(['a', 'b', 'c']).toContain(ring.nodeFor(`w${i}`));
    const grown = ring.with('d');
    // A key either stays put or moves to the new server: never between old servers.
    for (let i = 0; i < 2000; i++) {
      const before = ring.nodeFor(`k${i}`);
      const after = grown.nodeFor(`k${i}`);
      expect(after === before || after === 'd').toBe(true);
    }
  });

  it('rejects an empty pool and a bad vnode count with the rule', () => {
    expect(() => new ConsistentHashRing([]).nodeFor('x')).toThrow(/the ring has no nodes/);
    expect(() => new ConsistentHashRing(['a'], { vnodes: 0 })).toThrow(/vnodes must be an integer between 1 and 10000/);
  });

  it('the hash is a stable unsigned 32-bit value', () => {
    const h = stableHash32('abc');
    expect(h).toBe(stableHash32('abc'));
    expect(h).toBeGreaterThanOrEqual(0);
    expect(h).toBeLessThan(2 ** 32);
  });
});

describe('keys moved, measured over 100,000 real codes (encodeId)', () => {
  const codes = Array.from({ length: 100_000 }, (_, i) => encodeId(i + 1));
  const m = expectedKeysMoved(codes, 4, 5, 160);

  it('mod-N 4 → 5 moves 80 % ± 1 point (binomial sd over 100K keys is 0.13 points)', () => {
    expect(Math.abs(m.modN - 0.8)).toBeLessThanOrEqual(0.01);
  });

  it('consistent hashing 4 → 5 moves 1/5 ± 5 points (160 vnodes: the new arc varies by ~1.6 points)', () => {
    expect(Math.abs(m.consistent - 0.2)).toBeLessThanOrEqual(0.05);
    // Every moved key went to the new server.
    expect(m.consistent).toBeCloseTo(m.newServersShare, 12);
  });
});
