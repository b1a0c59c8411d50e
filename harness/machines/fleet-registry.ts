// Every fleet this process opened and has not yet removed, with a last-resort synchronous removal on exit, Ctrl-C or SIGTERM.
// The same pattern as harness/supervisor/child-registry.ts; a SIGKILLed harness leaves its fleet to removeStaleFleets().

const liveFleets = new Map<string, () => boolean>();
let hooksInstalled = false;

/** Removes every registered fleet now (synchronously: usable from an 'exit' listener). */
export function removeAllFleetsSync(): void {
  for (const [name, removeSync] of liveFleets) {
    try {
      if (removeSync()) liveFleets.delete(name);
    } catch {
      // best effort on the way out
    }
  }
}

/**
 * A signal that nobody else handles would kill the process without an 'exit' event: then remove the fleets and
 * re-raise it, so the process still dies of the signal. When another handler exists (installShutdownHandlers), it
 * ends in process.exit and the 'exit' listener does the work.
 */
function onSignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return;
  removeAllFleetsSync();
  process.off(signal, signalHandlers[signal as 'SIGINT' | 'SIGTERM']);
  process.kill(process.pid, signal);
}

const signalHandlers = { SIGINT: () => onSignal('SIGINT'), SIGTERM: () => onSignal('SIGTERM') };

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', removeAllFleetsSync); // also runs after an uncaught exception and after process.exit()
  process.on('SIGINT', signalHandlers.SIGINT);
  process.on('SIGTERM', signalHandlers.SIGTERM);
}

export function registerFleet(runName: string, removeSync: () => boolean): void {
  installHooks();
  liveFleets.set(runName, removeSync);
}

export function unregisterFleet(runName: string): void {
  liveFleets.delete(runName);
}

/** Fleets this process still owns (for diagnostics and tests). */
export function registeredFleets(): string[] {
  return [...liveFleets.keys()];
}
