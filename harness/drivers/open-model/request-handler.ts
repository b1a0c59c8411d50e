// One request in flight on undici: when it was scheduled, when it hit the socket, what came back (legacy dispatch handler API).
import type { Dispatcher } from 'undici';
import { headerRecord } from './browser-cache.ts';

/** The loop's clock: monotonic ms with sub-µs resolution, no allocation (unlike hrtime.bigint). */
export const now = (): number => performance.now();

export const TIMED_OUT = Object.assign(new Error('scaleladder: request timed out'), { code: 'SCALELADDER_TIMEOUT' });
export const CANCELLED = Object.assign(new Error('scaleladder: step ended'), { code: 'SCALELADDER_CANCELLED' });

/** Where a handler reports its outcome (the send loop). */
export interface RequestSink {
  complete(h: RequestHandler): void;
  fail(h: RequestHandler, err: Error): void;
}

/** undici dispatch handler of one request (the legacy callback API: no per-request wrapper objects inside undici). */
export class RequestHandler implements Dispatcher.DispatchHandler {
  status = 0;
  /** When undici wrote the request to a socket; the uncorrected latency starts here. */
  writeMs: number;
  done = false;
  abortFn: ((err?: Error) => void) | null = null;

  /** Set when undici gave the request a socket (onConnect): writeMs − dispatchMs is the wait for a pooled connection. */
  connected = false;

  /** Set for an emulated user's click: gets the response head, for that user's browser cache. */
  onResponseHead: ((status: number, headers: Record<string, string>) => void) | null = null;
  /** The response body, kept only for a create the client follows (collectBody()); every other body is dropped. */
  chunks: Buffer[] | null = null;

  /** Keep this request's response body (a create whose new code is followed at once). */
  collectBody(): this {
    this.chunks = [];
    return this;
  }

  constructor(
    private readonly loop: RequestSink,
    readonly endpoint: string,
    readonly scheduledMs: number,
    readonly dispatchMs: number,
    /** Region of the request and its emulated RTT to the origin (ms, 0 = none), added when it is recorded. */
    readonly region?: string,
    readonly rttMs = 0,
  ) {
    this.writeMs = dispatchMs;
  }

  onConnect(abort: (err?: Error) => void): void {
    if (this.done) return abort(CANCELLED);
    this.abortFn = abort;
    this.writeMs = now();
    this.connected = true;
  }

  onHeaders(statusCode: number, rawHeaders?: Buffer[]): boolean {
    this.status = statusCode;
    if (this.onResponseHead !== null) this.onResponseHead(statusCode, headerRecord(rawHeaders));
    return true;
  }

  /** Response bodies are consumed and dropped, unless collectBody() asked for this one. */
  onData(chunk: Buffer): boolean {
    this.chunks?.push(chunk);
    return true;
  }

  onComplete(): void {
    this.loop.complete(this);
  }

  onError(err: Error): void {
    this.loop.fail(this, err);
  }
}
