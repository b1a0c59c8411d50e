// Counters of one cache tier (a PoP or the shield); the stats and metrics endpoints render them.
import type { NotStoredReason } from './storability.ts';

export interface TierCounters {
  /** Requests this tier handled (control endpoints excluded). */
  requests: number;
  /** Served fresh from the store (including 304s answered from it). */
  hits: number;
  /** Served from a fetch (full response, cacheable or not, or an upstream error passed on). */
  misses: number;
  /** Served stale: stale-while-revalidate, stale-if-error or a client's max-stale. */
  stale: number;
  /** Of `stale`: served because the upstream failed (stale-if-error, or `--stale-on-origin-error` when unreachable). */
  staleIfError: number;
  /** Served after the upstream confirmed the stored response with a 304. */
  revalidated: number;
  /** Not looked up: unsafe methods, Range and If-Match style requests. */
  bypass: number;
  /** Requests that waited for another request's fetch instead of fetching (request collapsing). */
  collapsed: number;
  /** Fetches sent upstream (to the shield or the origin), background refreshes included. */
  upstreamFetches: number;
  /** Wall time of the answered GET fetches upstream (misses and revalidations, emulated RTT included), ms: the miss latency. */
  upstreamFetchMs: number;
  /** GET fetches upstream that were answered (the count behind upstreamFetchMs). */
  upstreamFetchesTimed: number;
  /** Of `upstreamFetches`: conditional fetches answered 304. */
  revalidations: number;
  /** Background refreshes started by stale-while-revalidate. */
  backgroundRefreshes: number;
  /** Upstream connection errors and timeouts. */
  upstreamErrors: number;
  /** Response body bytes served downstream. */
  bytesServed: number;
  /** Stored responses removed (or marked stale) by purge requests. */
  purged: number;
  /** Stored responses invalidated by a successful unsafe request (RFC 9111 §4.4). */
  invalidated: number;
  /** Responses fetched but not stored, by reason. */
  notStored: Partial<Record<NotStoredReason, number>>;
}

export function newTierCounters(): TierCounters {
  return {
    requests: 0, hits: 0, misses: 0, stale: 0, staleIfError: 0, revalidated: 0, bypass: 0, collapsed: 0,
    upstreamFetches: 0, upstreamFetchMs: 0, upstreamFetchesTimed: 0, revalidations: 0, backgroundRefreshes: 0, upstreamErrors: 0, bytesServed: 0, purged: 0,
    invalidated: 0, notStored: {},
  };
}
