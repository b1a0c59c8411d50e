// What a cache tier answers with: a stored response (with how it was obtained) or a response passed through.
import type { ByteRange } from './byte-range.ts';
import type { InHeaders } from './header-fields.ts';
import type { StoredResponse } from './stored-response.ts';
import type { InterimSink } from './upstream.ts';

/** The X-Cache values. */
export type CacheStatus = 'HIT' | 'MISS' | 'STALE' | 'REVALIDATED' | 'BYPASS';

/** A request as a tier sees it (from the HTTP front, or from an edge tier when this is the shield). */
export interface TierRequest {
  method: string;
  /** Request target: path and query; also the primary cache key. */
  url: string;
  /** Lower-case field names. */
  headers: InHeaders;
  body?: Buffer;
  /** Where interim (1xx) responses of this request's own upstream fetch go (not set on the hit path). */
  onInterim?: InterimSink;
}

export type Served =
  | {
      kind: 'stored';
      entry: StoredResponse;
      cache: CacheStatus;
      /** Answer 304: the client's validator matched. */
      notModified: boolean;
      /** The shield's X-Cache for the fetch behind this answer, when there was one. */
      upstreamCache?: string;
      /** Answer 206 with this part of the stored body (a single byte range of a stored 200). */
      range?: ByteRange;
    }
  | {
      kind: 'passed';
      status: number;
      headers: InHeaders;
      body: Buffer;
      cache: CacheStatus;
      upstreamCache?: string;
    };
