// A small in-process LRU with a TTL, in front of Redis in stage 3, so each app process's cache locality is measurable.

export interface LocalLruOptions {
  /** Entries kept; the least recently used is evicted beyond this (default 10_000). */
  maxEntries?: number;
  /** Lifetime of an entry, ms; also bounds how long a DELETE seen by another process can be served stale here (default 5_000). */
  ttlMs?: number;
  /** Clock, ms (a seam for tests; default `Date.now`). */
  now?: () => number;
}

/** Counters since creation, a plain object for /metrics. */
export interface LocalLruCounters {
  hits: number;
  misses: number;
  evictions: number;
  expirations: number;
  size: number;
}

interface Slot<V> {
  value: V;
  expiresAt: number;
}

/** A Map keeps insertion order: re-inserting on a hit makes the first key the least recently used. */
export class LocalLru<V> {
  readonly maxEntries: number;
  readonly ttlMs: number;
  readonly #now: () => number;
  readonly #map = new Map<string, Slot<V>>();
  #hits = 0;
  #misses = 0;
  #evictions = 0;
  #expirations = 0;

  constructor(options: LocalLruOptions = {}) {
    const { maxEntries = 10_000, ttlMs = 5_000, now = Date.now } = options;
    if (!(Number.isInteger(maxEntries) && maxEntries >= 1)) throw new RangeError(`maxEntries must be an integer >= 1, got ${maxEntries}`);
    if (!(ttlMs > 0)) throw new RangeError(`ttlMs must be > 0, got ${ttlMs}`);
    this.maxEntries = maxEntries;
    this.ttlMs = ttlMs;
    this.#now = now;
  }

  /** The value, or undefined on a miss (absent or expired). Counts a hit or a miss. */
  get(key: string): V | undefined {
    const slot = this.#map.get(key);
    if (slot === undefined) {
      this.#misses++;
      return undefined;
    }
    this.#map.delete(key);
    if (slot.expiresAt <= this.#now()) {
      this.#expirations++;
      this.#misses++;
      return undefined;
    }
    this.#map.set(key, slot);
    this.#hits++;
    return slot.value;
  }

  /** Stores `value` for `ttlMs` (default: the cache's TTL), evicting the least recently used entries beyond the bound. */
  set(key: string, value: V, ttlMs = this.ttlMs): void {
    this.#map.delete(key);
    this.#map.set(key, { value, expiresAt: this.#now() + ttlMs });
    while (this.#map.size > this.maxEntries) {
      const oldest = this.#map.keys().next().value as string;
      this.#map.delete(oldest);
      this.#evictions++;
    }
  }

  delete(key: string): boolean {
    return this.#map.delete(key);
  }

  clear(): void {
    this.#map.clear();
  }

  get size(): number {
    return this.#map.size;
  }

  counters(): LocalLruCounters {
    return { hits: this.#hits, misses: this.#misses, evictions: this.#evictions, expirations: this.#expirations, size: this.#map.size };
  }
}
