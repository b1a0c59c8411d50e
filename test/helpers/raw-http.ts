// HTTP/1.1 over a bare socket, for requests undici refuses to send (bad framing, odd methods, oversized headers):
// write the bytes as given, read until the server closes (or a timeout), then parse the first final response.
import net from 'node:net';

/** What came back for one raw request. */
export interface RawAnswer {
  /** Status of the first final (non-1xx) response; undefined when the connection ended without one. */
  status?: number;
  /** Header fields of that response, names lower-cased, values in arrival order. */
  headers: Map<string, string[]>;
  /** Its body, de-chunked when it was sent chunked. */
  body: Buffer;
  /** 1xx interim statuses seen before it (e.g. 100 Continue). */
  interim: number[];
  /** How the exchange ended: the server closed ('end'), the socket errored ('reset'), or we gave up ('timeout'). */
  ending: 'end' | 'reset' | 'timeout';
}

export interface RawSendOptions {
  host?: string;
  port: number;
  bytes: Buffer;
  /** Give up after this long (default 3000 ms). */
  timeoutMs?: number;
  /** Half-close our side after writing, so a server waiting for more body sees EOF (default false). */
  halfClose?: boolean;
  /** The request was HEAD: a response to it has no body whatever its headers say (default false). */
  head?: boolean;
}

/** Sends `bytes` on a fresh connection and resolves with what the server answered; never rejects. */
export function sendRaw(opts: RawSendOptions): Promise<RawAnswer> {
  const { host = '127.0.0.1', port, bytes, timeoutMs = 3000, halfClose = false, head = false } = opts;
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (ending: RawAnswer['ending']): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ ...parseResponse(Buffer.concat(chunks), head), ending });
    };
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('end', () => finish('end'));
    socket.on('error', () => finish('reset'));
    socket.on('close', () => finish('end'));
    socket.once('connect', () => {
      socket.write(bytes, () => {
        if (halfClose) socket.end();
      });
    });
  });
}

/** Parses the first final response in `buf` (skipping 1xx); tolerant of a truncated tail. */
export function parseResponse(buf: Buffer, head = false): Omit<RawAnswer, 'ending'> {
  const interim: number[] = [];
  let at = 0;
  for (;;) {
    const end = buf.indexOf('\r\n\r\n', at);
    if (end === -1) return { interim, headers: new Map(), body: Buffer.alloc(0) };
    const lines = buf.subarray(at, end).toString('latin1').split('\r\n');
    const m = /^HTTP\/\d\.\d (\d{3})/.exec(lines[0]);
    if (m === null) return { interim, headers: new Map(), body: Buffer.alloc(0) };
    const status = Number(m[1]);
    const headers = new Map<string, string[]>();
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()]);
    }
    at = end + 4;
    if (status >= 100 && status < 200 && status !== 101) {
      interim.push(status);
      continue;
    }
    const rest = buf.subarray(at);
    let body: Buffer;
    if (head || status === 204 || status === 304) body = Buffer.alloc(0);
    else if ((headers.get('transfer-encoding') ?? []).join(',').toLowerCase().includes('chunked')) body = dechunk(rest);
    else if (headers.has('content-length')) body = rest.subarray(0, Number(headers.get('content-length')![0]));
    else body = rest;
    return { status, headers, body, interim };
  }
}

/** Decodes a chunked body; stops quietly at the first malformed or missing chunk. */
function dechunk(buf: Buffer): Buffer {
  const out: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = buf.indexOf('\r\n', at);
    if (eol === -1) break;
    const size = parseInt(buf.subarray(at, eol).toString('latin1').split(';')[0], 16);
    if (!Number.isFinite(size) || size <= 0) break;
    out.push(buf.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
  return Buffer.concat(out);
}

/** One raw HTTP/1.x request message. Header lines are written verbatim, so they may be malformed on purpose. */
export interface RawRequestParts {
  /** The whole request line, e.g. 'GET /x HTTP/1.1' (may be malformed on purpose). */
  requestLine: string | Buffer;
  /** Header lines without CRLF, written verbatim in this order. */
  headerLines: (string | Buffer)[];
  body?: Buffer;
  /** Line ending (default '\r\n'; '\n' to test bare LF). */
  eol?: string;
}

/** The bytes of a request: request line, header lines, empty line, body. */
export function rawRequestBytes(p: RawRequestParts): Buffer {
  const eol = Buffer.from(p.eol ?? '\r\n', 'latin1');
  const parts: Buffer[] = [];
  for (const line of [p.requestLine, ...p.headerLines]) parts.push(typeof line === 'string' ? Buffer.from(line, 'latin1') : line, eol);
  parts.push(eol);
  if (p.body !== undefined) parts.push(p.body);
  return Buffer.concat(parts);
}
