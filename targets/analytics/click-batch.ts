// A batch of counted clicks and what writing it did: the contract between the write-behind sink and a store's batch writer.

/** Clicks of one link to add in one statement. */
export interface ClickEntry {
  id: number;
  /** The link's code: the sharded store picks the shard from it. */
  code: string;
  /** Clicks to add (≥ 1). */
  n: number;
}

export interface ClickWriteResult {
  /** Clicks (sum of n) committed. */
  written: number;
  /** Entries not committed (their shard stayed busy, or failed): the sink keeps them pending. */
  failed: ClickEntry[];
  /** The first error behind `failed`, for logging. */
  error?: unknown;
}

/**
 * Writes a batch: one transaction per database file (per shard), `UPDATE links SET clicks = clicks + ? WHERE id = ?`;
 * on PostgreSQL one multi-row statement per server, answered later (a Promise, which never rejects: failures come back
 * in `failed`).
 */
export interface ClickBatchWriter {
  write(entries: readonly ClickEntry[]): ClickWriteResult | Promise<ClickWriteResult>;
}
