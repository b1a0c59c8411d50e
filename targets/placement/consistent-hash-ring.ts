// A consistent-hash ring with virtual nodes: a key belongs to the first node point clockwise from its hash.
import { stableHash32 } from './stable-hash.ts';

export interface RingOptions {
  /** Points per node on the ring (default 160, as ketama and nginx use). More points → more even shares. */
  vnodes?: number;
  /** Hash of a key and of a point label (default `stableHash32`). */
  hash?: (text: string) => number;
}

/** Immutable ring over a set of node names; `with`/`without` give the ring after a membership change. */
export class ConsistentHashRing {
  readonly nodes: readonly string[];
  readonly vnodes: number;
  readonly #hash: (text: string) => number;
  /** Sorted point hashes and, at the same index, the node owning each point. */
  readonly #points: Uint32Array;
  readonly #owners: string[];

  constructor(nodes: readonly string[], options: RingOptions = {}) {
    const { vnodes = 160, hash = stableHash32 } = options;
    if (!(Number.isInteger(vnodes) && vnodes >= 1 && vnodes <= 10_000)) {
      throw new RangeError(`vnodes must be an integer between 1 and 10000, got ${vnodes}`);
    }
    if (new Set(nodes).size !== nodes.length) throw new RangeError(`node names must be unique, got ${nodes.join(', ')}`);
    this.nodes = [...nodes];
    this.vnodes = vnodes;
    this.#hash = hash;
    const pts: { h: number; node: string }[] = [];
    for (const node of nodes) for (let i = 0; i < vnodes; i++) pts.push({ h: hash(`${node}#${i}`) >>> 0, node });
    // Ties (rare) are broken by node name so the ring never depends on insertion order.
    pts.sort((a, b) => a.h - b.h || (a.node < b.node ? -1 : a.node > b.node ? 1 : 0));
    this.#points = Uint32Array.from(pts, (p) => p.h);
    this.#owners = pts.map((p) => p.node);
  }

  /** The node owning `key`; throws on an empty ring. */
  nodeFor(key: string): string {
    if (this.#owners.length === 0) throw new RangeError('the ring has no nodes: add one before placing keys');
    const h = this.#hash(key) >>> 0;
    // First point with hash >= h (binary search), wrapping to the first point.
    let lo = 0;
    let hi = this.#points.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#points[mid] < h) lo = mid + 1;
      else hi = mid;
    }
    return this.#owners[lo === this.#points.length ? 0 : lo];
  }

  /** The ring with `node` added (same options). */
  with(node: string): ConsistentHashRing {
    return new ConsistentHashRing([...this.nodes, node], { vnodes: this.vnodes, hash: this.#hash });
  }

  /** The ring with `node` removed (same options). */
  without(node: string): ConsistentHashRing {
    return new ConsistentHashRing(
      this.nodes.filter((n) => n !== node),
      { vnodes: this.vnodes, hash: this.#hash },
    );
  }
}
