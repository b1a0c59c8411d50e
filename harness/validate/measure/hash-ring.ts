// A ketama-style consistent-hash ring: MD5 points, virtual nodes per server, clockwise lookup by binary search.
import { createHash } from 'node:crypto';

/** First 4 bytes of MD5(key) as an unsigned 32-bit integer: the key hash for both ring and modulo placement. */
export function hash32(key: string): number {
  return createHash('md5').update(key).digest().readUInt32BE(0);
}

export class HashRing {
  readonly servers: readonly string[];
  readonly vnodes: number;
  private readonly points: Uint32Array;
  private readonly owners: Int32Array;

  constructor(servers: readonly string[], vnodes = 160) {
    if (servers.length === 0) throw new RangeError('hash ring: needs at least one server');
    if (!Number.isInteger(vnodes) || vnodes < 1) throw new RangeError(`hash ring: vnodes must be an integer >= 1 (got ${vnodes})`);
    this.servers = servers;
    this.vnodes = vnodes;
    const entries: [number, number][] = [];
    servers.forEach((s, i) => {
      for (let v = 0; v < vnodes; v++) entries.push([hash32(`${s}#${v}`), i]);
    });
    entries.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    this.points = Uint32Array.from(entries, (e) => e[0]);
    this.owners = Int32Array.from(entries, (e) => e[1]);
  }

  /** The server owning a key hash: the first point at or after it, wrapping to the first point. */
  ownerOfHash(h: number): string {
    let lo = 0;
    let hi = this.points.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.points[mid] < h) lo = mid + 1;
      else hi = mid;
    }
    return this.servers[this.owners[lo === this.points.length ? 0 : lo]];
  }

  owner(key: string): string {
    return this.ownerOfHash(hash32(key));
  }
}
