// Maps one k6 request outcome (status tag, error_code tag) to the harness's error kinds, or null when it succeeded.

export type ErrorKind = 'timeout' | 'connect' | 'reset' | 'unexpected-status' | 'other';

/**
 * k6 error codes (https://grafana.com/docs/k6/latest/javascript-api/error-codes/) for requests without an answer
 * (status 0): 1050 request timeout; 1100–1199 DNS, 1210–1219 TCP dial (1211 dial timeout, 1212 refused) and
 * 1300–1399 TLS are failures to connect; 1201/1202 write errors and 1220–1229 read resets are resets; the rest 'other'.
 * Answered requests (status ≠ 0; k6 also tags 4xx/5xx with error_code 1000+status) are judged by status alone.
 */
export function classifyK6Error(
  status: string,
  errorCode: string | undefined,
  expected: readonly number[] | undefined,
  expectedResponseTag?: string,
): ErrorKind | null {
  if (status !== '0' && status !== '') {
    if (expected) return expected.includes(Number(status)) ? null : 'unexpected-status';
    return expectedResponseTag === 'false' ? 'unexpected-status' : null;
  }
  const code = Number(errorCode);
  if (code === 1050) return 'timeout';
  if ((code >= 1100 && code < 1200) || (code >= 1210 && code < 1220) || (code >= 1300 && code < 1400)) return 'connect';
  if (code === 1201 || code === 1202 || (code >= 1220 && code < 1230)) return 'reset';
  return 'other';
}
