// Maps a failed request's error (undici, Node sockets, autocannon) to the error kinds results count.

/** 'unfinished': still in flight, younger than the timeout, when the step stopped waiting (drain bound or --max-total). */
export type ErrorKind = 'timeout' | 'connect' | 'reset' | 'dropped' | 'unexpected-status' | 'unfinished' | 'other';
export const ERROR_KINDS: readonly ErrorKind[] = ['timeout', 'connect', 'reset', 'dropped', 'unexpected-status', 'unfinished', 'other'];

const BY_CODE: Record<string, ErrorKind> = {
  ECONNREFUSED: 'connect',
  ENOTFOUND: 'connect',
  EAI_AGAIN: 'connect',
  EHOSTUNREACH: 'connect',
  ENETUNREACH: 'connect',
  EADDRNOTAVAIL: 'connect',
  UND_ERR_CONNECT_TIMEOUT: 'connect',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  ECONNABORTED: 'reset',
  UND_ERR_SOCKET: 'reset',
  UND_ERR_CLOSED: 'reset',
  ETIMEDOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
};

/** The kind of a request error, looking at `code` and then at `cause.code` (undici wraps socket errors). */
export function classifyError(err: unknown): ErrorKind {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 3; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code in BY_CODE) return BY_CODE[code];
    const name = (e as { name?: unknown }).name;
    if (name === 'TimeoutError') return 'timeout';
  }
  return 'other';
}
