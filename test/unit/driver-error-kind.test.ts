// Request errors map to the kinds results count: connect, reset, timeout, other (looking through undici's causes).
import { describe, expect, it } from 'vitest';
import { classifyError } from '../../harness/drivers/error-kind.ts';

const withCode = (code: string, cause?: unknown) => Object.assign(new Error(code), { code, cause });

describe('error kinds', () => {
  it.each([
    ['ECONNREFUSED', 'connect'],
    ['UND_ERR_CONNECT_TIMEOUT', 'connect'],
    ['ENOTFOUND', 'connect'],
    ['ECONNRESET', 'reset'],
    ['EPIPE', 'reset'],
    ['UND_ERR_SOCKET', 'reset'],
    ['UND_ERR_HEADERS_TIMEOUT', 'timeout'],
    ['UND_ERR_BODY_TIMEOUT', 'timeout'],
    ['ETIMEDOUT', 'timeout'],
    ['EWHATEVER', 'other'],
  ])('given an error with code %s, then its kind is %s', (code, kind) => {
    expect(classifyError(withCode(code))).toBe(kind);
  });

  it('given a wrapper whose cause carries the socket code, then the cause decides', () => {
    expect(classifyError(withCode('UND_ERR_WRAPPED', withCode('ECONNREFUSED')))).toBe('connect');
  });

  it('given something that is not an error, then it is other', () => {
    expect(classifyError(undefined)).toBe('other');
    expect(classifyError('boom')).toBe('other');
  });
});
