// The source of truth the cache wraps (the app's LinkStore: SQLite answers at once, PostgreSQL with a Promise).

/** Anything with a lookup by short code (a value or a Promise of one); `undefined` means the code does not exist. */
export interface LinkSource<L> {
  getByCode(code: string): L | undefined | Promise<L | undefined>;
}

/** What the app needs from any cached reader (Redis cache-aside, or local LRU in front of it). */
/** Most codes one request to the app's cache warmer (POST /api/ops/warm-cache) may carry; the harness sends chunks of it. */
export const WARM_MAX_CODES = 10_000;

export interface LinkReader<L> {
  get(code: string): Promise<L | undefined>;
  /** Removes `code` from the cache layers this reader owns; false when a layer could not be reached. */
  invalidate(code: string): Promise<boolean>;
  /** A cache warmer: writes these links into the shared cache (Redis) with the usual TTLs; absent without one. */
  warm?(links: readonly (readonly [string, L])[]): Promise<number>;
}
