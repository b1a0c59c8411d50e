// The started-service handle: exit tracking and an idempotent stop of the whole process group (SIGTERM, then SIGKILL).
import { unregisterGroup } from './child-registry.ts';
import { groupAlive, signalGroup, waitGroupGone } from './process-group.ts';
import type { ServiceRole } from './service-spec.ts';
import type { StartedService } from './started-service.ts';
import type { ExitInfo } from './wait-loop.ts';

/** How long to wait for the group to vanish after SIGKILL before giving up (the exit hook tries again). */
const AFTER_KILL_MS = 5_000;

export interface ServiceHandleInit {
  name: string;
  role: ServiceRole;
  pid: number;
  exited: Promise<ExitInfo>;
  logFile: string;
  cpus?: string;
  stopGraceMs: number;
  url?: string;
  port?: number;
}

export class ServiceHandle implements StartedService {
  readonly name: string;
  readonly role: ServiceRole;
  readonly pid: number;
  readonly logFile: string;
  readonly cpus?: string;
  readonly exited: Promise<ExitInfo>;
  url?: string;
  port?: number;
  readyMs = 0;
  /** The exit as seen by the last stop(), for messages ("killed by SIGKILL"). */
  stoppedWith?: ExitInfo;

  readonly #stopGraceMs: number;
  readonly #stopController = new AbortController();
  readonly #onStopped: (() => void)[] = [];
  #exit: ExitInfo | undefined;
  #stopping: Promise<void> | undefined;

  constructor(init: ServiceHandleInit) {
    this.name = init.name;
    this.role = init.role;
    this.pid = init.pid;
    this.logFile = init.logFile;
    this.cpus = init.cpus;
    this.url = init.url;
    this.port = init.port;
    this.#stopGraceMs = init.stopGraceMs;
    this.exited = init.exited.then((exit) => (this.#exit = exit));
  }

  get stopRequested(): boolean {
    return this.#stopping !== undefined;
  }

  /** Aborted when stop() is called: ends a readiness wait in progress. */
  get stopSignal(): AbortSignal {
    return this.#stopController.signal;
  }

  /** Exit of the group leader, once it happened. */
  get exitInfo(): ExitInfo | undefined {
    return this.#exit;
  }

  onStopped(cb: () => void): void {
    this.#onStopped.push(cb);
  }

  stop(): Promise<void> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  async #stop(): Promise<void> {
    this.#stopController.abort();
    // Even when the leader already exited, its group (e.g. workers, grandchildren) may live on.
    signalGroup(this.pid, 'SIGTERM');
    if (!(await this.#gone(this.#stopGraceMs))) {
      signalGroup(this.pid, 'SIGKILL');
      await this.#gone(AFTER_KILL_MS);
    }
    this.stoppedWith = this.#exit;
    if (this.#exit && !groupAlive(this.pid)) unregisterGroup(this.pid); // else the exit hook's SIGKILL tries once more
    for (const cb of this.#onStopped) cb();
  }

  /** Waits (up to `ms`) for the leader's exit event and for no live process left in its group. */
  async #gone(ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    let timer: NodeJS.Timeout | undefined;
    const leaderExited = await Promise.race([
      this.exited.then(() => true),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms))),
    ]);
    clearTimeout(timer);
    if (!leaderExited) return false;
    return waitGroupGone(this.pid, Math.max(0, deadline - Date.now()));
  }
}
