// The stage-3 read path of one app process: its local LRU first, then the shared Redis cache-aside reader.
import type { LinkReader } from './link-source.ts';
import type { LocalLru } from './local-lru.ts';

export interface LayeredLinkReaderInit<L> {
  /** This process's LRU; `null` stores a known-unknown code. */
  local: LocalLru<L | null>;
  /** The shared layer (a CachedLinkReader). */
  remote: LinkReader<L>;
  /** TTL of a negative entry in the local LRU, ms (default: the LRU's TTL). */
  negativeTtlMs?: number;
  /** Tells the other processes to drop a code from their LRUs (an InvalidationBus); default: none, their TTL bounds staleness. */
  broadcast?: (code: string) => Promise<void>;
}

export class LayeredLinkReader<L> implements LinkReader<L> {
  /** Warms the shared layer only: each process's LRU fills from its own traffic. */
  warm(links: readonly (readonly [string, L])[]): Promise<number> {
    return this.#remote.warm ? this.#remote.warm(links) : Promise.resolve(0);
  }

  /** Steady-state ages (see LinkReader.warmLocal): remaining lifetimes spread over the TTL, so they do not expire together. */
  warmLocal(links: readonly (readonly [string, L])[], random: () => number = Math.random): number {
    const ttl = this.#local.ttlMs;
    for (const [code, link] of links) this.#local.set(code, link, Math.max(1, Math.ceil(ttl * (1 - random()))));
    return links.length;
  }

  readonly #local: LocalLru<L | null>;
  readonly #remote: LinkReader<L>;
  readonly #negativeTtlMs: number | undefined;
  readonly #broadcast?: (code: string) => Promise<void>;

  constructor(init: LayeredLinkReaderInit<L>) {
    this.#local = init.local;
    this.#remote = init.remote;
    this.#negativeTtlMs = init.negativeTtlMs;
    this.#broadcast = init.broadcast;
  }

  async get(code: string): Promise<L | undefined> {
    const cached = this.#local.get(code);
    if (cached !== undefined) return cached ?? undefined;
    const value = await this.#remote.get(code);
    if (value === undefined) this.#local.set(code, null, this.#negativeTtlMs);
    else this.#local.set(code, value);
    return value;
  }

  /** Drops `code` here, in Redis, and (when a broadcast is set) in every other process's LRU. */
  async invalidate(code: string): Promise<boolean> {
    this.#local.delete(code);
    const ok = await this.#remote.invalidate(code);
    if (this.#broadcast !== undefined) {
      try {
        await this.#broadcast(code);
      } catch {
        return false;
      }
    }
    return ok;
  }

  /** Drops `code` from this process's LRU only (what a broadcast receiver calls). */
  dropLocal(code: string): void {
    this.#local.delete(code);
  }
}
