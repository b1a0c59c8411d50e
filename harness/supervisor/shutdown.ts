// Turns Ctrl-C, SIGTERM and crashes into one orderly shutdown (stop children, keep partial results), then exits.
import { isUserError } from '../errors/user-error.ts';
import { killAllGroupsSync } from './child-registry.ts';

export interface ShutdownOptions {
  /** After this long, shutdown stops waiting: remaining children get SIGKILL and the process exits (default 20_000). */
  forceAfterMs?: number;
  /** Print stack traces of uncaught errors (default: the DEBUG environment variable is set). */
  debug?: boolean;
  /** Where the one-line notices go (default process.stderr). */
  write?: (line: string) => void;
}

const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

/**
 * SIGINT/SIGTERM/uncaughtException/unhandledRejection call `onShutdown` once, then exit with 130/143/1 (a UserError
 * exits with its own code). A second SIGINT or SIGTERM during shutdown SIGKILLs every started process group and exits
 * at once. Returns a function that uninstalls the handlers.
 */
export function installShutdownHandlers(onShutdown: (reason: string) => Promise<void>, opts: ShutdownOptions = {}): () => void {
  const { forceAfterMs = 20_000, debug = Boolean(process.env.DEBUG), write = (l: string) => void process.stderr.write(`${l}\n`) } = opts;
  let shuttingDown = false;
  let exitCode = 1;

  const force = (code: number): never => {
    killAllGroupsSync('SIGKILL');
    process.exit(code);
  };

  const begin = (reason: string, code: number): void => {
    shuttingDown = true;
    exitCode = code;
    setTimeout(() => {
      write(`scaleladder: shutdown took longer than ${forceAfterMs} ms; killing what is left`);
      force(exitCode);
    }, forceAfterMs).unref();
    void (async () => {
      try {
        await onShutdown(reason);
      } catch (err) {
        write(`scaleladder: error during shutdown: ${describe(err, debug)}`);
      }
      process.exit(exitCode);
    })();
  };

  const onSignal = (signal: keyof typeof SIGNAL_EXIT): void => {
    if (shuttingDown) {
      write(`scaleladder: ${signal} again: killing every started process now`);
      force(SIGNAL_EXIT[signal]);
    }
    write(`scaleladder: ${signal} received: stopping services and keeping partial results (${signal === 'SIGINT' ? 'Ctrl-C' : 'SIGTERM'} again to force)`);
    begin(signal, SIGNAL_EXIT[signal]);
  };
  const onSigint = (): void => onSignal('SIGINT');
  const onSigterm = (): void => onSignal('SIGTERM');

  const onError = (kind: string) => (err: unknown): void => {
    write(isUserError(err) ? err.message : `scaleladder: ${kind}: ${describe(err, debug)}`);
    if (shuttingDown) return; // the shutdown in progress (bounded by forceAfterMs) still finishes
    begin(`${kind}: ${err instanceof Error ? err.message : String(err)}`, isUserError(err) ? err.exitCode : 1);
  };
  const onUncaught = onError('uncaughtException');
  const onUnhandled = onError('unhandledRejection');

  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUnhandled);
  return () => {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigterm);
    process.off('uncaughtException', onUncaught);
    process.off('unhandledRejection', onUnhandled);
  };
}

function describe(err: unknown, debug: boolean): string {
  if (err instanceof Error) return debug && err.stack ? err.stack : err.message;
  return String(err);
}
