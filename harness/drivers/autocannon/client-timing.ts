// Times every autocannon request ourselves (µs, per client) and repairs autocannon's request queue on reconnects.
//
// The bug (autocannon 8.0.0, lib/httpClient.js): when the server closes a keep-alive connection ('end', e.g. after
// `Connection: close`, nginx does so after keepalive_requests = 1000) or the socket errors, Client#_connect opens a
// new socket but leaves `pipelinedRequests` as it was. The request written to the closing socket is never answered,
// yet stays at the head of that FIFO, so every later response on the client is paired with an older request and its
// latency grows by one request's worth per reconnect: the run looks slower the longer it lasts. The old socket also
// keeps its 'error' listener, which can open a second connection. See test/integration/driver-autocannon-reconnect.test.ts.
//
// What we do, per client (through autocannon's setupClient hook):
// - draw each request from the shared workload ourselves, in getRequestBuffer (called just before the write), and hand
//   autocannon ready-made bytes (RawRequestBuilder): cheaper than a setupRequest that autocannon re-renders each time;
// - honour `Connection: close`: after such a response, do not write on the closing socket; reconnect and send there;
// - on every reconnect: drop the old socket's listeners, clear autocannon's queue and ours, reset the HTTP parser;
// - time each request from our own FIFO (performance.now(), taken just before the write) to its response, so the
//   latency is right even if autocannon's own pairing were off; count when the two disagree.
import type { Client } from 'autocannon';
import type { PlannedRequest } from '../../../loadtests/workload/request-mix.ts';
import type { RawRequestBuilder } from './raw-request.ts';
import { classifyError } from '../error-kind.ts';
import type { StepRecorder } from '../step-recorder.ts';

/** The autocannon Client internals we hook (lib/httpClient.js, 8.x). */
interface ClientInternals {
  conn: import('node:net').Socket;
  parser: { initialize?: (type: string) => void };
  pipelinedRequests: { clear(): void };
  destroyed: boolean;
  /** Called by _doRequest right before it writes the request: we return our own bytes. */
  getRequestBuffer(): Buffer;
  _connect(): void;
  _doRequest(): void;
  _destroyConnection(): void;
  destroy(): void;
}

export interface ReconnectStats {
  /** New connections after the first one of a client. */
  reconnects: number;
  /** Of those, after a response said `Connection: close` (the server's keep-alive limit). */
  afterConnectionClose: number;
  /** Of those, after the server closed with a request outstanding and without saying so (counted as 'reset'). */
  unannounced: number;
  /** Of those, after a socket error or a timeout (counted by kind). */
  afterError: number;
  /** Responses whose latency by autocannon's own pairing differs from ours by more than max(1 ms, half of ours). */
  mistimedByAutocannon: number;
  /** Responses with no request of ours to pair with (should stay 0). */
  unmatched: number;
}

interface Pending {
  endpoint: string;
  sentMs: number;
}

export class ClientTiming {
  readonly stats: ReconnectStats = { reconnects: 0, afterConnectionClose: 0, unannounced: 0, afterError: 0, mistimedByAutocannon: 0, unmatched: 0 };
  private readonly clients: ClientInternals[] = [];
  private stopped = false;

  constructor(
    private readonly recorder: StepRecorder,
    private readonly mix: { next(): PlannedRequest },
    private readonly builder: RawRequestBuilder,
  ) {}

  /** Stops counting (after the step, or on abort) and closes every client. */
  stop(): void {
    this.stopped = true;
    for (const c of this.clients) if (!c.destroyed) c.destroy();
  }

  /** Give to autocannon's setupClient option. */
  readonly setupClient = (client: Client): void => {
    const c = client as unknown as ClientInternals;
    this.clients.push(c);
    const rec = this.recorder;
    const stats = this.stats;
    const pending: Pending[] = [];
    let closing = false;
    let live = false;
    let hadConnection = false;
    let errorReconnect = false;
    let purposefulDestroy = false;
    const self = this;

    c.getRequestBuffer = function (this: ClientInternals) {
      const p = self.mix.next();
      const bytes = self.builder.build(p);
      if (!self.stopped) {
        pending.push({ endpoint: p.endpoint, sentMs: performance.now() });
        rec.sent++;
      }
      return bytes;
    };

    const doRequest = c._doRequest;
    c._doRequest = function (this: ClientInternals) {
      if (closing && !this.destroyed) {
        // The last response said `Connection: close`: the next request goes on a new connection, not this one.
        closing = false;
        stats.afterConnectionClose++;
        this._destroyConnection();
        this._connect();
        return;
      }
      doRequest.call(this);
    };

    const destroyConnection = c._destroyConnection;
    c._destroyConnection = function (this: ClientInternals) {
      purposefulDestroy = true;
      destroyConnection.call(this);
    };

    const connect = c._connect;
    c._connect = function (this: ClientInternals) {
      if (hadConnection) {
        if (live) stats.reconnects++;
        const orphans = pending.length;
        pending.length = 0;
        if (orphans > 0 && !errorReconnect && !purposefulDestroy && !self.stopped) {
          // The server closed with requests outstanding and no `Connection: close`: those requests were lost.
          stats.unannounced++;
          rec.recordError('reset', orphans);
        } else if (live && (errorReconnect || (purposefulDestroy && orphans > 0))) {
          stats.afterError++;
        }
        // Workaround for the stale-queue bug described at the top of this file.
        this.pipelinedRequests.clear();
        const old = this.conn;
        if (old && !old.destroyed) {
          old.removeAllListeners('error');
          old.removeAllListeners('end');
          old.on('error', () => undefined);
          old.destroy();
        }
        this.parser.initialize?.('RESPONSE');
      }
      hadConnection = true;
      errorReconnect = false;
      purposefulDestroy = false;
      closing = false;
      live = false;
      connect.call(this);
      this.conn.once('connect', () => {
        live = true;
      });
    };

    const events = client as unknown as import('node:events').EventEmitter;
    events.on('headers', (info: { shouldKeepAlive?: boolean }) => {
      if (info.shouldKeepAlive === false) closing = true;
    });
    events.on('response', (status: number, _bytes: number, autocannonMs: number) => {
      const p = pending.shift();
      if (self.stopped) return;
      if (p === undefined) {
        stats.unmatched++;
        return;
      }
      const t = performance.now();
      const ms = t - p.sentMs;
      rec.recordResponse(p.endpoint, status, ms, ms, t);
      // A stale pairing is off by at least one whole request; jitter between the two clocks is far below that.
      if (Math.abs(autocannonMs - ms) > Math.max(1, ms / 2)) stats.mistimedByAutocannon++;
    });
    events.on('connError', (err: Error) => {
      errorReconnect = true;
      if (!self.stopped) rec.recordError(classifyError(err));
    });
    events.on('timeout', () => {
      if (!self.stopped) rec.recordError('timeout');
    });
  };
}

/** The note the driver adds when connections were re-opened during the step. */
export function reconnectNote(s: ReconnectStats, autocannonVersion: string): string | null {
  if (s.reconnects === 0 && s.unannounced === 0 && s.unmatched === 0) return null;
  const parts = [
    `autocannon: ${s.reconnects} reconnects during the step (${s.afterConnectionClose} after the server answered ` +
      `"Connection: close", ${s.unannounced} unannounced closes counted as 'reset', ${s.afterError} after errors or timeouts)`,
    `latency was timed per request by scaleladder and every reconnect started with an empty request queue; ` +
      `autocannon ${autocannonVersion} on its own mis-times every later response of a reconnected connection ` +
      `(stale entry in its pipelinedRequests queue, see harness/drivers/autocannon/client-timing.ts)`,
  ];
  if (s.mistimedByAutocannon > 0) parts.push(`${s.mistimedByAutocannon} responses where autocannon's own pairing would have mis-timed them`);
  if (s.unmatched > 0) parts.push(`${s.unmatched} responses could not be paired with a request and were not recorded`);
  return parts.join('; ');
}
