// The store contract the app serves from: links by code, clicks, and the counters /metrics exposes.
// Two backends: SQLite in the app process (answers at once, plain values) and PostgreSQL on the network
// (answers later, Promises). Callers handle both; the SQLite redirect path stays free of Promise allocations.
import type { ClickBatchWriter } from '../analytics/click-batch.ts';

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

/** A value now (SQLite) or later (a database on the network). */
export type MaybePromise<T> = T | Promise<T>;

/** True when a store answered with a Promise (a networked backend); false for a value in hand. */
export function isPromise<T>(x: MaybePromise<T>): x is Promise<T> {
  return x instanceof Promise;
}

export interface LinkStore {
  /** Insert a link with a generated code, or with `customCode`. Throws (or rejects with) CodeTakenError or InvalidCodeError. */
  create(url: string, customCode?: string): MaybePromise<Link>;
  /** The link for a code, or undefined. SQLite answers synchronously: its redirect path does no I/O wait. */
  getByCode(code: string): MaybePromise<Link | undefined>;
  /** Remove a link; false when there was none. */
  delete(code: string): MaybePromise<boolean>;
  /**
   * Count one click, written before the redirect is answered. `code`, when given, is the link's code:
   * a sharded store finds the link's shard from it (a custom code's shard is not the shard of its id's code).
   */
  recordClick(id: number, code?: string): MaybePromise<void>;
  /** True while the store can serve (readiness). */
  isOpen(): boolean;
  /** Release the store; safe to call twice. */
  close(): MaybePromise<void>;
  readonly stats: StoreStats;
  /** Prometheus families of the backend itself (pools, replicas), appended to /metrics; absent for SQLite. */
  metricsText?(): string;
  /** Write-behind batches the store's own way (shards: one transaction or statement per shard); absent: the caller picks one. */
  clickWriter?(): ClickBatchWriter;
}

/** A store whose every answer is immediate (the SQLite files): what the batched click writers need. */
export interface SyncLinkStore extends LinkStore {
  create(url: string, customCode?: string): Link;
  getByCode(code: string): Link | undefined;
  delete(code: string): boolean;
  recordClick(id: number, code?: string): void;
  close(): void;
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

/** The database server cannot be reached or refuses connections now (HTTP 503, like a busy SQLite file). */
export class StoreUnavailableError extends StoreBusyError {
  constructor(reason: string, options?: { cause?: unknown }) {
    super(0, options);
    this.name = 'StoreUnavailableError';
    this.message = `database unavailable: ${reason}`;
  }
}
