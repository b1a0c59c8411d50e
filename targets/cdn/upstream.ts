// What a cache tier fetches from: the origin, or the shield tier; plus the RTT-emulating decorator.

/** Receives an interim (1xx) response of the fetch, to pass downstream (RFC 9110 §15.2); never stored. */
export type InterimSink = (status: number, headers: Record<string, string | string[]>) => void;

export interface UpstreamRequest {
  method: string;
  /** Request target: path and query. */
  path: string;
  headers: Record<string, string | string[]>;
  body?: Buffer;
  onInterim?: InterimSink;
}

export interface UpstreamResponse {
  status: number;
  /** Lower-case field names. */
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface Upstream {
  /** 'origin' or the tier's name. */
  readonly name: string;
  readonly isOrigin: boolean;
  /** Rejects with an UpstreamError on connection errors and timeouts; HTTP errors are responses. */
  fetch(req: UpstreamRequest): Promise<UpstreamResponse>;
}

/** A fetch that produced no response: 502 (connection failed) or 504 (timed out). */
export class UpstreamError extends Error {
  constructor(message: string, readonly status: 502 | 504) {
    super(message);
    this.name = 'UpstreamError';
  }
}

/** Adds an emulated round trip before every fetch (the request's and the response's travel, as one delay). */
export function delayedUpstream(up: Upstream, rttMs: number): Upstream {
  if (!(rttMs > 0)) return up;
  return {
    name: up.name,
    isOrigin: up.isOrigin,
    fetch: (req) => new Promise((resolve) => setTimeout(resolve, rttMs)).then(() => up.fetch(req)),
  };
}
