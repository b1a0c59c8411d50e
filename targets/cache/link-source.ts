// The source of truth the cache wraps (the app's LinkStore: SQLite answers at once, PostgreSQL with a Promise).

/** Anything with a lookup by short code (a value or a Promise of one); `undefined` means the code does not exist. */
export interface LinkSource<L> {
  getByCode(code: string): L | undefined | Promise<L | undefined>;
}

/** Most codes one request to the app's cache warmer (POST /api/ops/warm-cache) may carry; the harness sends chunks of it. */
export const WARM_MAX_CODES = 10_000;

/** What the app needs from any cached reader (Redis cache-aside, or local LRU in front of it). */
export interface LinkReader<L> {
  get(code: string): Promise<L | undefined>;
  /** Removes `code` from the cache layers this reader owns; false when a layer could not be reached. */
  invalidate(code: string): Promise<boolean>;
  /** A cache warmer: writes these links into the shared cache (Redis) with the usual TTLs; absent without one. */
  warm?(links: readonly (readonly [string, L])[]): Promise<number>;
  /**
   * Fills this process's own LRU as a steady state has it: each entry with a remaining lifetime uniform in (0, TTL], as
   * if it had been filled at a random moment of the last TTL (a fleet's hot keys are refilled as they expire, never all
   * at once). Absent without a local LRU. Returns how many entries it wrote.
   */
  warmLocal?(links: readonly (readonly [string, L])[], random?: () => number): number;
}
