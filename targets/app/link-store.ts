// The store contract the app serves from: links by code, clicks, and the counters /metrics exposes.
// Stage 1 implements it on SQLite; later stages wrap or replace it (cache-aside, shards) behind the same shape.

/** One short link as the API sees it. */
export interface Link {
  id: number;
  code: string;
  url: string;
  /** Creation time, Unix epoch milliseconds. */
  createdAt: number;
  /** Redirects counted so far (a live counter, not part of the link's identity). */
  clicks: number;
}

/** Statement counters, read by /metrics at scrape time (plain fields: the hot path only increments). */
export interface StoreStats {
  /** Lookups by code (DB reads). */
  getByCode: number;
  /** Click increments (DB writes). */
  recordClick: number;
  /** Link inserts (DB writes; one transaction each). */
  create: number;
  /** Link deletes (DB writes). */
  delete: number;
  /** SQLITE_BUSY answers that were retried after a short wait. */
  busyRetries: number;
  /** Operations that stayed busy past the retry budget (each surfaced as StoreBusyError). */
  busyTimeouts: number;
  /** Total time spent waiting between busy retries, in milliseconds. */
  busyWaitMs: number;
}

export interface LinkStore {
  /** Insert a link with a generated code, or with `customCode`. Throws CodeTakenError or InvalidCodeError. */
  create(url: string, customCode?: string): Link;
  /** The link for a code, or undefined. Synchronous: the redirect path does no I/O wait. */
  getByCode(code: string): Link | undefined;
  /** Remove a link; false when there was none. */
  delete(code: string): boolean;
  /**
   * Count one click, synchronously (written before the redirect is answered). `code`, when given, is the link's code:
   * a sharded store finds the link's shard from it (a custom code's shard is not the shard of its id's code).
   */
  recordClick(id: number, code?: string): void;
  /** True while the store can serve (readiness). */
  isOpen(): boolean;
  /** Release the store; safe to call twice. */
  close(): void;
  readonly stats: StoreStats;
}

export function newStoreStats(): StoreStats {
  return { getByCode: 0, recordClick: 0, create: 0, delete: 0, busyRetries: 0, busyTimeouts: 0, busyWaitMs: 0 };
}

/** A custom code that another link already uses (HTTP 409). */
export class CodeTakenError extends Error {
  readonly code: string;
  constructor(code: string) {
    super(`code "${code}" is already taken; choose another`);
    this.name = 'CodeTakenError';
    this.code = code;
  }
}

/** A custom code the store refuses, with the rule in the message (HTTP 400). */
export class InvalidCodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidCodeError';
  }
}

/** The database stayed locked past the retry budget (HTTP 503): contention, not bad input. */
export class StoreBusyError extends Error {
  constructor(waitedMs: number, options?: { cause?: unknown }) {
    super(`database busy: still locked after ${Math.round(waitedMs)} ms of retries`, options);
    this.name = 'StoreBusyError';
  }
}
