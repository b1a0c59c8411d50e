// For commands that run until told to stop (`up`): the first SIGINT/SIGTERM asks for a clean stop, a second forces it.
import { killAllGroupsSync } from '../supervisor/child-registry.ts';

const FORCED_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

export interface StopSignals {
  /** Resolves with the reason ("SIGINT", "SIGTERM", or what stop() was given) on the first stop request. */
  requested: Promise<string>;
  /** Asks for a stop from inside (e.g. the parent went away). */
  stop(reason: string): void;
  /** Removes the handlers and lets the event loop end. */
  dispose(): void;
}

/**
 * Installs SIGINT/SIGTERM handlers and keeps the process alive until disposed (a pending promise alone does not).
 * A second signal while stopping SIGKILLs every started process group and exits 130/143 at once.
 */
export function stopSignals(write: (line: string) => void = (l) => void process.stderr.write(`${l}\n`)): StopSignals {
  let resolve!: (reason: string) => void;
  let stopping = false;
  const requested = new Promise<string>((r) => (resolve = r));
  const keepAlive = setInterval(() => undefined, 1 << 30);
  const stop = (reason: string): void => {
    if (stopping) return;
    stopping = true;
    resolve(reason);
  };
  const onSignal = (signal: keyof typeof FORCED_EXIT) => (): void => {
    if (stopping) {
      write(`scaleladder: ${signal} again: killing every started process now`);
      killAllGroupsSync('SIGKILL');
      process.exit(FORCED_EXIT[signal]);
    }
    write(`scaleladder: ${signal} received: stopping (${signal === 'SIGINT' ? 'Ctrl-C' : 'SIGTERM'} again to force)`);
    stop(signal);
  };
  const onInt = onSignal('SIGINT');
  const onTerm = onSignal('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return {
    requested,
    stop,
    dispose() {
      clearInterval(keepAlive);
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    },
  };
}
