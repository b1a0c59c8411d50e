// Byte-bounded LRU of stored responses: one slot per primary key holding its Vary variants, plus a surrogate-key index.
import type { InHeaders } from './header-fields.ts';
import type { StoredResponse } from './stored-response.ts';
import { varyMatches } from './vary.ts';

interface Slot {
  key: string;
  /** Newest first. */
  variants: StoredResponse[];
  bytes: number;
  /** Surrogate keys of all variants (what the index holds for this slot). */
  skeys: Set<string>;
  /** Value of the store's use counter when last moved to the MRU end. */
  used: number;
}

export class LruStore {
  /** Map order is recency: first = least recently used. */
  private readonly slots = new Map<string, Slot>();
  private readonly bySurrogate = new Map<string, Set<string>>();
  private useCounter = 0;
  bytes = 0;
  objects = 0;
  /** Stored responses dropped to keep the byte bound. */
  evictions = 0;

  constructor(readonly maxBytes: number) {
    if (!(maxBytes > 0)) throw new TypeError(`maxBytes must be > 0, got ${maxBytes}`);
  }

  /**
   * The most recent stored response whose Vary selection matches the request (RFC 9111 §4.1), marking the slot used.
   * A slot already among the most recent quarter is not moved (cheap approximate LRU: hot keys cost no Map churn).
   */
  select(key: string, req: InHeaders): StoredResponse | undefined {
    return this.selectFor(key, { headers: req });
  }

  /** `select` reading the request's fields only when a Vary selection needs them (node's `req.headers` is lazy). */
  selectFor(key: string, req: { readonly headers: InHeaders }): StoredResponse | undefined {
    const slot = this.slots.get(key);
    if (slot === undefined) return undefined;
    if (this.useCounter - slot.used > this.slots.size >> 2) {
      this.slots.delete(key);
      this.slots.set(key, slot);
      slot.used = ++this.useCounter;
    }
    const vs = slot.variants;
    if (vs.length === 1) return vs[0].vary === null || varyMatches(vs[0].vary, req.headers) ? vs[0] : undefined;
    const h = req.headers;
    for (const v of vs) if (varyMatches(v.vary, h)) return v;
    return undefined;
  }

  /** Stores a response; variants the request would have selected are replaced. Returns how many were evicted. */
  put(entry: StoredResponse, req: InHeaders): number {
    let slot = this.slots.get(entry.key);
    if (slot === undefined) {
      slot = { key: entry.key, variants: [], bytes: 0, skeys: new Set(), used: 0 };
    } else {
      this.slots.delete(entry.key);
      const keep = entry.vary === null ? [] : slot.variants.filter((v) => !varyMatches(v.vary, req));
      for (const v of slot.variants) if (!keep.includes(v)) this.account(slot, v, -1);
      slot.variants = keep;
    }
    slot.variants.unshift(entry);
    this.account(slot, entry, +1);
    slot.used = ++this.useCounter;
    this.slots.set(entry.key, slot);
    this.syncIndex(slot);
    return this.evict(slot);
  }

  /** Replaces one stored response by its updated version (after a 304); stores it anew when the old one is gone. */
  replace(old: StoredResponse, updated: StoredResponse, req: InHeaders): number {
    const slot = this.slots.get(old.key);
    const i = slot === undefined ? -1 : slot.variants.indexOf(old);
    if (slot === undefined || i < 0) return this.put(updated, req);
    this.account(slot, old, -1);
    slot.variants[i] = updated;
    this.account(slot, updated, +1);
    this.syncIndex(slot);
    return this.evict(slot);
  }

  /** Drops every variant of a primary key; returns how many responses were dropped. */
  delete(key: string): number {
    const slot = this.slots.get(key);
    if (slot === undefined) return 0;
    this.drop(slot);
    return slot.variants.length;
  }

  /** Marks every variant of a key stale as of `nowMs` (soft purge); returns how many. */
  markStale(key: string, nowMs: number): number {
    const slot = this.slots.get(key);
    if (slot === undefined) return 0;
    for (const v of slot.variants) v.expiresAtMs = Math.min(v.expiresAtMs, nowMs - 1);
    return slot.variants.length;
  }

  /** Primary keys of the stored responses tagged with a surrogate key. */
  keysFor(surrogateKey: string): string[] {
    return [...(this.bySurrogate.get(surrogateKey) ?? [])];
  }

  /** Every primary key, least recently used first (tests and diagnostics). */
  keys(): string[] {
    return [...this.slots.keys()];
  }

  private account(slot: Slot, e: StoredResponse, sign: 1 | -1): void {
    slot.bytes += sign * e.bytes;
    this.bytes += sign * e.bytes;
    this.objects += sign;
  }

  private drop(slot: Slot): void {
    this.slots.delete(slot.key);
    for (const v of slot.variants) this.account(slot, v, -1);
    for (const k of slot.skeys) this.unindex(k, slot.key);
    slot.skeys.clear();
  }

  private evict(keep: Slot): number {
    let n = 0;
    for (const slot of this.slots.values()) {
      if (this.bytes <= this.maxBytes) break;
      if (slot === keep) continue;
      n += slot.variants.length;
      this.drop(slot);
    }
    // The new response alone is over the bound: it cannot stay either.
    if (this.bytes > this.maxBytes && this.slots.get(keep.key) === keep) {
      n += keep.variants.length;
      this.drop(keep);
    }
    this.evictions += n;
    return n;
  }

  private syncIndex(slot: Slot): void {
    const now = new Set<string>();
    for (const v of slot.variants) for (const k of v.surrogateKeys) now.add(k);
    for (const k of slot.skeys) if (!now.has(k)) this.unindex(k, slot.key);
    for (const k of now) {
      if (slot.skeys.has(k)) continue;
      let set = this.bySurrogate.get(k);
      if (set === undefined) this.bySurrogate.set(k, (set = new Set()));
      set.add(slot.key);
    }
    slot.skeys = now;
  }

  private unindex(surrogateKey: string, key: string): void {
    const set = this.bySurrogate.get(surrogateKey);
    if (set === undefined) return;
    set.delete(key);
    if (set.size === 0) this.bySurrogate.delete(surrogateKey);
  }
}
