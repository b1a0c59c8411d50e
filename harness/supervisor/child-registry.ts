// Every process group the harness started and has not yet seen gone, with a last-resort synchronous SIGKILL on exit.
import { signalGroup } from './process-group.ts';

const liveGroups = new Set<number>();
let exitHookInstalled = false;

/** Last resort: whatever way the harness exits (even a crash or process.exit mid-run), no started group outlives it. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => killAllGroupsSync('SIGKILL'));
}

/** Records a started child's process group (its pid: it was spawned detached). */
export function registerGroup(pgid: number): void {
  installExitHook();
  liveGroups.add(pgid);
}

/** Forgets a group once it was seen gone. */
export function unregisterGroup(pgid: number): void {
  liveGroups.delete(pgid);
}

/** Process groups still registered (for diagnostics and tests). */
export function registeredGroups(): number[] {
  return [...liveGroups];
}

/** Synchronously signals every registered group; used by the exit hook and by a second Ctrl-C. */
export function killAllGroupsSync(signal: NodeJS.Signals = 'SIGKILL'): void {
  for (const pgid of liveGroups) signalGroup(pgid, signal);
}
