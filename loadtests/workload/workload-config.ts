// The one workload model's parameters and their defaults, shared by every driver (built-in, autocannon, k6).

export interface WorkloadConfig {
  /** Zipf exponent of link popularity over the seeded codes (default 1.0; 0 = uniform). */
  zipfSkew: number;
  /** Reads per write (default 100, the seed's 100:1). */
  readWriteRatio: number;
  /** Share of reads that ask for a code that does not exist, expecting 404 (default 0.01). */
  unknownShare: number;
  /** Share of reads that are metadata reads `GET /api/links/:code` instead of redirects (default 0). */
  metadataShare: number;
  /**
   * Share of reads that are expensive redirects `GET /:code?work-ms=<slowMs>` (endpoint 'slow'): the app burns slowMs of
   * CPU before answering, when its --max-work-ms allows (uneven request cost; default 0).
   */
  slowShare: number;
  /** CPU ms each slow request costs the app (default 20). */
  slowMs: number;
  /** Region mix (weights, need not sum to 1); empty = no region tags (default {}). */
  regions: Record<string, number>;
  /**
   * Emulated round trip from each region's clients to the origin, ms, added by the generator to every response of that
   * region (a stage without a CDN: far users pay the whole distance). Burns no CPU anywhere; labelled emulated (default {}).
   */
  regionRttMs: Record<string, number>;
  /**
   * Emulated users, each with a browser cache of their own (open-model driver): a redirect a user's cache may serve
   * (RFC 9111 freshness, and a 301's permanence) never reaches the network. Absent or 0: no browser caches (default).
   */
  users?: number;
  /** Send a User-Agent drawn from a weighted list of real browsers (per user when there are users). Default off. */
  userAgents?: boolean;
  /** Seed of the request sequence (default 1). */
  seed: number;
  /** Number of seeded links the workload draws from (default 10,000). */
  seededLinks: number;
  /**
   * Share of creates the client follows at once: as soon as the 201 arrives, a GET of the new code (endpoint 'follow',
   * expected 301/302). A 404 there is the read-your-writes hazard of a replica that has not caught up (default 0).
   * Honoured by the built-in open-model driver. Absent unless given, so results without it keep their config hashes.
   */
  followAfterCreate?: number;
}

export const DEFAULT_WORKLOAD: WorkloadConfig = {
  zipfSkew: 1.0,
  readWriteRatio: 100,
  unknownShare: 0.01,
  metadataShare: 0,
  slowShare: 0,
  slowMs: 20,
  regions: {},
  regionRttMs: {},
  seed: 1,
  seededLinks: 10_000,
};

/** Fills defaults and rejects impossible values with the rule in the message. */
export function normalizeWorkload(partial: Partial<WorkloadConfig> = {}): WorkloadConfig {
  // Fields given as undefined (an unset CLI flag) keep their defaults.
  const given = Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined)) as Partial<WorkloadConfig>;
  const w: WorkloadConfig = { ...DEFAULT_WORKLOAD, ...given, regions: { ...(given.regions ?? DEFAULT_WORKLOAD.regions) }, regionRttMs: { ...(given.regionRttMs ?? {}) } };
  const bad = (what: string) => {
    throw new RangeError(`workload: ${what}`);
  };
  if (!(w.zipfSkew >= 0 && w.zipfSkew <= 10)) bad(`zipfSkew must be between 0 and 10 (got ${w.zipfSkew})`);
  if (!(w.readWriteRatio >= 0)) bad(`readWriteRatio must be >= 0 (got ${w.readWriteRatio}); use 0 for writes only`);
  if (!(w.unknownShare >= 0 && w.unknownShare <= 1)) bad(`unknownShare must be between 0 and 1 (got ${w.unknownShare})`);
  if (!(w.metadataShare >= 0 && w.metadataShare <= 1)) bad(`metadataShare must be between 0 and 1 (got ${w.metadataShare})`);
  if (!(w.slowShare >= 0 && w.slowShare <= 1)) bad(`slowShare must be between 0 and 1 (got ${w.slowShare})`);
  if (!(Number.isInteger(w.slowMs) && w.slowMs >= 1 && w.slowMs <= 10_000)) bad(`slowMs must be a whole number of ms between 1 and 10000 (got ${w.slowMs})`);
  if (w.unknownShare + w.metadataShare + w.slowShare > 1) bad(`unknownShare + metadataShare + slowShare must be <= 1`);
  if (w.followAfterCreate !== undefined && !(w.followAfterCreate >= 0 && w.followAfterCreate <= 1)) bad(`followAfterCreate must be a share between 0 and 1 (got ${w.followAfterCreate})`);
  if (!Number.isInteger(w.seededLinks) || w.seededLinks < 1) bad(`seededLinks must be an integer >= 1 (got ${w.seededLinks})`);
  if (w.users !== undefined && (!Number.isInteger(w.users) || w.users < 0 || w.users > 10_000_000)) bad(`users must be an integer between 0 and 10000000 (got ${w.users})`);
  if (w.userAgents !== undefined && typeof w.userAgents !== 'boolean') bad(`userAgents must be true or false (got ${String(w.userAgents)})`);
  for (const [r, wt] of Object.entries(w.regions)) if (!(wt >= 0)) bad(`region weight for ${r} must be >= 0 (got ${wt})`);
  for (const [r, ms] of Object.entries(w.regionRttMs)) if (!(ms >= 0 && ms <= 10_000)) bad(`region RTT for ${r} must be between 0 and 10000 ms (got ${ms})`);
  return w;
}
