// The one user-facing error type: a one-line message naming what was wrong and what to do.
export interface UserErrorOptions {
  /** Process exit code the CLI uses for this error (default 2). */
  exitCode?: number;
  /** Set when the error came from a timeout (readiness, step bound). */
  timedOut?: boolean;
  cause?: unknown;
}

export class UserError extends Error {
  readonly exitCode: number;
  readonly timedOut: boolean;
  constructor(message: string, options: UserErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = 'UserError';
    this.exitCode = options.exitCode ?? 2;
    this.timedOut = options.timedOut ?? false;
  }
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}
