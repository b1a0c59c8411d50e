// The one place a command's exit code goes: an action sets it here, `main` returns it, bin/scaleladder.mjs exits with it.
let pending = 0;

/** Records the exit code of the running command (the highest one set wins: a regression is not hidden by a later 0). */
export function setCommandExitCode(code: number): void {
  pending = Math.max(pending, code);
}

/** The code set by the command that just ran, reset for the next one. */
export function takeCommandExitCode(): number {
  const c = pending;
  pending = 0;
  return c;
}
