// One shared HTTP cache (a PoP or the shield): lookup, reuse rules, collapsing, revalidation, stale serving, purge.
import { parseSingleByteRange, resolveRange, type ByteRange, type RangeSpec } from './byte-range.ts';
import { first, mergeNotModified, upstreamRequestHeaders, type InHeaders } from './header-fields.ts';
import type { HeuristicOptions } from './freshness.ts';
import { formatHttpDate } from './http-date.ts';
import { invalidationTargets } from './invalidation-targets.ts';
import { notModifiedHeaders, passed, passHeaders } from './pass-headers.ts';
import { LruStore } from './lru-store.ts';
import { PurgeFence } from './purge-fence.ts';
import { NO_REQUEST_DIRECTIVES, requestDirectives, type RequestDirectives } from './request-directives.ts';
import { ALL_DECLINING, CACHE_CONTROL, PRAGMA } from './request-scan.ts';
import { responseDirectives } from './response-directives.ts';
import type { CacheStatus, Served, TierRequest } from './served.ts';
import { notStorableReason, type NotStoredReason } from './storability.ts';
import { buildStoredResponse, currentAge, isUseful, type StoredResponse } from './stored-response.ts';
import { newTierCounters, type TierCounters } from './tier-counters.ts';
import { UpstreamError, type Upstream, type UpstreamResponse } from './upstream.ts';
import { conditionalHits, isConditional, notModifiedSelects } from './validators.ts';
import { varyMatches } from './vary.ts';

export interface CacheTierOptions {
  /** PoP name, or 'shield'. */
  name: string;
  role: 'edge' | 'shield';
  upstream: Upstream;
  maxBytes: number;
  /** Larger bodies are served but not stored. */
  maxObjectBytes: number;
  heuristic: HeuristicOptions;
  /** Obey request Cache-Control / Pragma (no-cache, max-age, min-fresh, max-stale, only-if-cached, no-store). */
  honorRequestCacheControl: boolean;
  /** After an uncacheable response, requests for that URL skip collapsing for this long ("hit-for-pass"). */
  hitForPassMs: number;
  /** A purge keeps in-flight fetches from storing for this long. */
  purgeFenceMs: number;
  /** host:port of the origin: Location / Content-Location naming it count as same-origin for invalidation. */
  originHost?: string;
  /** Serve stale (where not forbidden) when the upstream refuses or closes the connection (RFC 9111 §4.2.4). */
  staleOnOriginError?: boolean;
  clock: () => number;
}

type Outcome =
  | { kind: 'stored'; entry: StoredResponse; revalidated: boolean; upstreamCache?: string }
  | { kind: 'passed'; res: UpstreamResponse; upstreamCache?: string }
  | { kind: 'failed'; status: 502 | 504; message: string };

/** Methods that are safe (RFC 9110 §9.2.1): everything else invalidates on success (RFC 9111 §4.4). */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);
/** What RFC 5861 §4 calls an error for stale-if-error. */
const ERROR_STATUS = new Set([500, 502, 503, 504]);
/** Reasons that belong to the response, so the next requests for the URL will likely be uncacheable too. */
const PASS_REASONS = new Set<NotStoredReason>(['status', 'must-understand', 'no-store', 'private', 'vary-star', 'not-cacheable', 'useless', 'too-large']);

export class CacheTier {
  readonly name: string;
  readonly role: 'edge' | 'shield';
  readonly store: LruStore;
  readonly counters: TierCounters = newTierCounters();
  private readonly inflight = new Map<string, Promise<Outcome>>();
  private readonly hitForPass = new Map<string, number>();
  private readonly fence: PurgeFence;
  private readonly via: string;
  /** Request fields (request-scan.ts bits) that send a GET/HEAD past the hit path. */
  private readonly declining: number;

  constructor(private readonly o: CacheTierOptions) {
    this.name = o.name;
    this.role = o.role;
    this.store = new LruStore(o.maxBytes);
    this.fence = new PurgeFence(o.purgeFenceMs);
    this.via = `scaleladder-cdn-${o.name}`;
    this.declining = o.honorRequestCacheControl ? ALL_DECLINING : ALL_DECLINING & ~(CACHE_CONTROL | PRAGMA);
  }

  get upstream(): Upstream {
    return this.o.upstream;
  }

  /**
   * The hit path, synchronous: a fresh stored response that answers this plain GET/HEAD as it is (no request
   * directives, validators or ranges to look at). Counts the hit. undefined → use `handle`.
   */
  freshHit(req: TierRequest): StoredResponse | undefined {
    const h = req.headers;
    if (
      (this.o.honorRequestCacheControl && (h['cache-control'] !== undefined || h.pragma !== undefined)) ||
      h['if-none-match'] !== undefined || h['if-modified-since'] !== undefined || h.range !== undefined ||
      h['if-match'] !== undefined || h['if-unmodified-since'] !== undefined
    ) {
      return undefined;
    }
    const e = this.store.select(req.url, h);
    if (e === undefined || e.noCache || this.o.clock() >= e.expiresAtMs) return undefined;
    this.counters.requests++;
    this.counters.hits++;
    return e;
  }

  /**
   * The HTTP front's hit path: like `freshHit`, from a rawHeaders scan (`fields`, request-scan.ts) instead of the
   * header object, which is read only when a Vary selection needs it.
   */
  freshHitScanned(url: string, fields: number, req: { readonly headers: InHeaders }): StoredResponse | undefined {
    if ((fields & this.declining) !== 0) return undefined;
    const e = this.store.selectFor(url, req);
    if (e === undefined || e.noCache || this.o.clock() >= e.expiresAtMs) return undefined;
    this.counters.requests++;
    this.counters.hits++;
    return e;
  }

  /** Answers any request: the hit path first, then the full rules. Never rejects. */
  async handle(req: TierRequest): Promise<Served> {
    if (req.method === 'GET' || req.method === 'HEAD') {
      const e = this.freshHit(req);
      if (e !== undefined) return { kind: 'stored', entry: e, cache: 'HIT', notModified: false };
    }
    return this.handleSlow(req);
  }

  /** The full rules, for requests the hit path declined. Never rejects. */
  async handleSlow(req: TierRequest): Promise<Served> {
    const c = this.counters;
    c.requests++;
    const { method, headers: h } = req;
    if (method !== 'GET' && method !== 'HEAD') return this.forward(req, 'BYPASS', !SAFE_METHODS.has(method));
    // If-Match style preconditions go to the origin untouched; so do ranges other than one byte range of a GET.
    if (h['if-match'] !== undefined || h['if-unmodified-since'] !== undefined || h['if-range'] !== undefined) {
      return this.forward(req, 'BYPASS', false);
    }
    let rangeSpec: RangeSpec | undefined;
    if (h.range !== undefined) {
      rangeSpec = method === 'GET' ? parseSingleByteRange(h.range) : undefined;
      if (rangeSpec === undefined) return this.forward(req, 'BYPASS', false);
    }
    const rd = this.o.honorRequestCacheControl ? requestDirectives(h) : NO_REQUEST_DIRECTIVES;
    const now = this.o.clock();
    const entry = this.store.select(req.url, h);
    const verdict = entry === undefined ? undefined : this.reuse(entry, rd, now);
    let range: ByteRange | undefined;
    if (rangeSpec !== undefined) {
      // RFC 9111 §3.4 / RFC 9110 §14.2: a single range is cut from a stored full 200 that may be served now; anything
      // else (nothing usable stored, a validation due, an unsatisfiable range) is passed upstream and not stored.
      range = entry !== undefined && entry.status === 200 && verdict !== 'validate' ? resolveRange(rangeSpec, entry.body.length) : undefined;
      if (range === undefined) return this.forward(req, 'BYPASS', false);
    }
    if (entry !== undefined) {
      if (verdict === 'fresh') {
        c.hits++;
        return this.fromStore(req, entry, 'HIT', undefined, range);
      }
      if (verdict === 'stale' || verdict === 'swr') {
        c.stale++;
        if (verdict === 'swr') this.refreshInBackground(req, entry);
        return this.fromStore(req, entry, 'STALE', undefined, range);
      }
    }
    if (rd.onlyIfCached) {
      c.misses++;
      return passed(504, { 'content-type': 'text/plain', 'cache-control': 'no-store' }, 'only-if-cached: not in cache\n', 'MISS');
    }
    // A HEAD that cannot be answered from the store goes upstream as a HEAD; its response is not stored.
    if (method === 'HEAD') return this.forward(req, 'MISS', false);
    const outcome = await this.fetchCollapsed(req, rd, entry);
    return this.serveOutcome(req, rd, entry, outcome);
  }

  /** Purges one URL (every variant) — removes it, or with `soft` marks it stale. Returns responses affected. */
  purgeUrl(url: string, soft: boolean): number {
    const now = this.o.clock();
    this.fence.mark([url], [], now);
    const n = soft ? this.store.markStale(url, now) : this.store.delete(url);
    this.counters.purged += n;
    return n;
  }

  /** Purges every response tagged with a surrogate key. Returns responses affected. */
  purgeKey(key: string, soft: boolean): number {
    const now = this.o.clock();
    this.fence.mark([], [key], now);
    let n = 0;
    for (const url of this.store.keysFor(key)) n += soft ? this.store.markStale(url, now) : this.store.delete(url);
    this.counters.purged += n;
    return n;
  }

  /** How a stored response may be used for this request (RFC 9111 §4, §4.2.4, §5.2.1; RFC 5861 §3). */
  private reuse(e: StoredResponse, rd: RequestDirectives, now: number): 'fresh' | 'stale' | 'swr' | 'validate' {
    if (e.noCache || rd.noCache) return 'validate';
    if (rd.maxAge !== undefined && currentAge(e, now) > rd.maxAge) return 'validate';
    if (rd.minFresh !== undefined && (e.expiresAtMs - now) / 1000 < rd.minFresh) return 'validate';
    if (now < e.expiresAtMs) return 'fresh';
    const staleness = (now - e.expiresAtMs) / 1000;
    if (rd.maxStale !== undefined && e.staleAllowed && staleness <= rd.maxStale) return 'stale';
    if (staleness < e.swrS) return 'swr';
    return 'validate';
  }

  /** stale-if-error: the response's own window, or the request's (RFC 5861 §4), unless stale serving is forbidden. */
  private staleIfErrorAllows(e: StoredResponse, rd: RequestDirectives, now: number): boolean {
    const window = Math.max(e.sieS, e.staleAllowed ? rd.staleIfError ?? 0 : 0);
    return window > 0 && (now - e.expiresAtMs) / 1000 < window;
  }

  /**
   * `staleOnOriginError`: the upstream could not be reached (connection refused or closed: 502, not a timeout), so the
   * cache is "disconnected" (RFC 9111 §4.2.4) and may serve stale — unless the response forbids stale serving
   * (no-cache, must-revalidate, proxy-revalidate, s-maxage without an explicit stale permission) or the client asked
   * for validation (request no-cache).
   */
  private disconnectedAllows(e: StoredResponse, status: number, rd: RequestDirectives): boolean {
    return this.o.staleOnOriginError === true && status === 502 && e.staleAllowed && !rd.noCache;
  }

  private fromStore(req: TierRequest, entry: StoredResponse, cache: CacheStatus, upstreamCache?: string, range?: ByteRange): Served {
    const notModified = isConditional(req.headers) && conditionalHits(req.headers, entry.status, entry.headers);
    // Preconditions come before Range (RFC 9110 §13.2.2): a 304 is whole.
    return { kind: 'stored', entry, cache, notModified, upstreamCache, range: notModified ? undefined : range };
  }

  private serveOutcome(req: TierRequest, rd: RequestDirectives, entry: StoredResponse | undefined, o: Outcome): Served {
    const c = this.counters;
    if (o.kind === 'stored') {
      if (o.revalidated) c.revalidated++;
      else c.misses++;
      return this.fromStore(req, o.entry, o.revalidated ? 'REVALIDATED' : 'MISS', o.upstreamCache);
    }
    const failedStatus = o.kind === 'failed' ? o.status : o.res.status;
    if (
      entry !== undefined &&
      ((ERROR_STATUS.has(failedStatus) && this.staleIfErrorAllows(entry, rd, this.o.clock())) || (o.kind === 'failed' && this.disconnectedAllows(entry, o.status, rd)))
    ) {
      c.stale++;
      c.staleIfError++;
      return this.fromStore(req, entry, 'STALE');
    }
    c.misses++;
    if (o.kind === 'failed') return passed(o.status, { 'content-type': 'text/plain', 'cache-control': 'no-store' }, `${o.message}\n`, 'MISS');
    const headers = passHeaders(o.res.headers);
    if (isConditional(req.headers) && conditionalHits(req.headers, o.res.status, headers)) {
      return { kind: 'passed', status: 304, headers: notModifiedHeaders(headers), body: Buffer.alloc(0), cache: 'MISS', upstreamCache: o.upstreamCache };
    }
    return { kind: 'passed', status: o.res.status, headers, body: o.res.body, cache: 'MISS', upstreamCache: o.upstreamCache };
  }

  /**
   * Request collapsing: concurrent fetches for one primary key share one upstream fetch. A waiter uses the result when
   * it was stored and its Vary selection matches, or when it is an error (shared, so a failing origin is not hit once
   * per waiter); otherwise (uncacheable, other variant) it fetches on its own. After an uncacheable response the URL
   * skips collapsing for `hitForPassMs`, so uncacheable URLs are not serialised behind one another.
   */
  private async fetchCollapsed(req: TierRequest, rd: RequestDirectives, entry: StoredResponse | undefined): Promise<Outcome> {
    const key = req.url;
    const passUntil = this.hitForPass.get(key);
    if (rd.noStore || (passUntil !== undefined && passUntil > this.o.clock())) return this.fetchOnce(req, rd, entry);
    const running = this.inflight.get(key);
    if (running !== undefined) {
      const o = await running;
      const usable =
        o.kind === 'failed' ||
        (o.kind === 'passed' && o.res.status >= 500) ||
        (o.kind === 'stored' && varyMatches(o.entry.vary, req.headers));
      if (usable) {
        this.counters.collapsed++;
        return o;
      }
      return this.fetchOnce(req, rd, entry);
    }
    return this.lead(key, this.fetchOnce(req, rd, entry));
  }

  private lead(key: string, p: Promise<Outcome>): Promise<Outcome> {
    this.inflight.set(key, p);
    p.finally(() => {
      if (this.inflight.get(key) === p) this.inflight.delete(key);
    }).catch(() => {});
    return p;
  }

  /** stale-while-revalidate: one background refresh per key at a time (it also serves as the collapse leader). */
  private refreshInBackground(req: TierRequest, entry: StoredResponse): void {
    if (this.inflight.has(req.url)) return;
    this.counters.backgroundRefreshes++;
    this.lead(req.url, this.fetchOnce({ method: 'GET', url: req.url, headers: req.headers }, NO_REQUEST_DIRECTIVES, entry));
  }

  /** One upstream fetch for a GET: conditional when a stored response is being validated. Never rejects. */
  private async fetchOnce(req: TierRequest, rd: RequestDirectives, entry: StoredResponse | undefined): Promise<Outcome> {
    const c = this.counters;
    const startSeq = this.fence.current();
    const requestTimeMs = this.o.clock();
    const headers = upstreamRequestHeaders(req.headers, { dropConditionals: true, via: this.via });
    if (entry !== undefined) {
      // RFC 9111 §4.3.1: send the stored entity-tag, and Last-Modified for a single stored response.
      if (entry.etag !== undefined) headers['if-none-match'] = entry.etag;
      if (entry.lastModified !== undefined) headers['if-modified-since'] = entry.lastModified;
    }
    c.upstreamFetches++;
    let res: UpstreamResponse;
    const fetchStart = performance.now();
    try {
      res = await this.o.upstream.fetch({ method: 'GET', path: req.url, headers, onInterim: req.onInterim });
      c.upstreamFetchMs += performance.now() - fetchStart;
      c.upstreamFetchesTimed++;
    } catch (err) {
      c.upstreamErrors++;
      const status = err instanceof UpstreamError ? err.status : 502;
      return { kind: 'failed', status, message: `scaleladder-cdn ${this.name}: ${this.o.upstream.name} ${status === 504 ? 'timed out' : 'unreachable'}: ${(err as Error).message}` };
    }
    const responseTimeMs = this.o.clock();
    const upstreamCache = first(res.headers, 'x-cache-shield');
    if (res.status === 304 && entry !== undefined) {
      if (!notModifiedSelects(entry.headers, res.headers)) return this.fetchOnce(req, rd, undefined); // §4.3.4: not ours
      c.revalidations++;
      const merged = mergeNotModified(entry.headers, res.headers, entry.omit);
      // A 304 without Date: the validation time is the new basis of the age, not the stored Date (RFC 9110 §6.6.1).
      if (res.headers.date === undefined) merged.date = formatHttpDate(responseTimeMs);
      const updated = { status: entry.status, headers: merged, body: entry.body };
      return this.storeOrPass(req, rd, updated, requestTimeMs, responseTimeMs, startSeq, entry, true, upstreamCache);
    }
    // An error while a stale response may stand in for it (stale-if-error): keep the stored one, do not store this.
    if (entry !== undefined && ERROR_STATUS.has(res.status) && this.staleIfErrorAllows(entry, rd, responseTimeMs)) {
      return { kind: 'passed', res, upstreamCache };
    }
    return this.storeOrPass(req, rd, res, requestTimeMs, responseTimeMs, startSeq, entry, false, upstreamCache);
  }

  private storeOrPass(
    req: TierRequest, rd: RequestDirectives, res: UpstreamResponse, requestTimeMs: number, responseTimeMs: number,
    startSeq: number, previous: StoredResponse | undefined, revalidated: boolean, upstreamCache: string | undefined,
  ): Outcome {
    const d = responseDirectives(res.headers);
    let reason = notStorableReason({ method: 'GET', status: res.status, req: req.headers, reqDirectives: rd, res: res.headers, d });
    let entry: StoredResponse | undefined;
    if (reason === null && res.body.length > this.o.maxObjectBytes) reason = 'too-large';
    if (reason === null) {
      entry = buildStoredResponse({ key: req.url, status: res.status, req: req.headers, res: res.headers, body: res.body, d, requestTimeMs, responseTimeMs, heuristic: this.o.heuristic });
      if (!isUseful(entry)) reason = 'useless';
      else if (this.fence.fenced(startSeq, req.url, entry.surrogateKeys)) reason = 'purged';
    }
    if (reason !== null || entry === undefined) {
      const r = reason ?? 'useless';
      this.counters.notStored[r] = (this.counters.notStored[r] ?? 0) + 1;
      if (PASS_REASONS.has(r)) this.hitForPass.set(req.url, responseTimeMs + this.o.hitForPassMs);
      // A revalidated response that may no longer be stored replaces nothing; the old one must not outlive it.
      if (revalidated && previous !== undefined) this.store.delete(previous.key);
      return { kind: 'passed', res, upstreamCache };
    }
    if (this.hitForPass.size > 0) this.hitForPass.delete(req.url);
    if (revalidated && previous !== undefined) this.store.replace(previous, entry, req.headers);
    else this.store.put(entry, req.headers);
    return { kind: 'stored', entry, revalidated, upstreamCache };
  }

  /** Requests that are not looked up (unsafe methods, ranges, HEAD misses): forwarded as they are. */
  private async forward(req: TierRequest, cache: CacheStatus, invalidates: boolean): Promise<Served> {
    const c = this.counters;
    if (cache === 'BYPASS') c.bypass++;
    else c.misses++;
    c.upstreamFetches++;
    const headers = upstreamRequestHeaders(req.headers, { dropConditionals: false, via: this.via });
    let res: UpstreamResponse;
    try {
      res = await this.o.upstream.fetch({ method: req.method, path: req.url, headers, body: req.body, onInterim: req.onInterim });
    } catch (err) {
      c.upstreamErrors++;
      const status = err instanceof UpstreamError ? err.status : 502;
      return passed(status, { 'content-type': 'text/plain', 'cache-control': 'no-store' }, `scaleladder-cdn ${this.name}: ${(err as Error).message}\n`, cache);
    }
    if (invalidates && res.status >= 200 && res.status < 400) this.invalidate(req, res.headers);
    return { kind: 'passed', status: res.status, headers: passHeaders(res.headers, req.method === 'HEAD'), body: res.body, cache, upstreamCache: first(res.headers, 'x-cache-shield') };
  }

  /** RFC 9111 §4.4: drops what this tier stored for the URIs a successful unsafe request invalidates. */
  private invalidate(req: TierRequest, res: InHeaders): void {
    for (const url of invalidationTargets(req, res, this.o.originHost)) this.counters.invalidated += this.store.delete(url);
  }
}
