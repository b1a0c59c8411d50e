// Owns every process of a run: starts each (detached, logged, ready-checked), reports unexpected exits, stops them all.
import path from 'node:path';
import { UserError } from '../errors/user-error.ts';
import { notReadyMessage } from './exit-description.ts';
import { LogFollower } from './log-follower.ts';
import { ServiceHandle } from './service-handle.ts';
import { normalizeSpec, type ServiceSpec } from './service-spec.ts';
import { signalGroup } from './process-group.ts';
import { spawnService } from './spawn-service.ts';
import type { StartedService } from './started-service.ts';
import { waitUntilReady } from './wait-loop.ts';

export type UnexpectedExitListener = (svc: StartedService, code: number | null, signal: NodeJS.Signals | null) => void;

export interface SupervisorOptions {
  /** The run folder; child logs go to <runDir>/logs/<name>.log. */
  runDir: string;
}

export class Supervisor {
  readonly runDir: string;
  readonly logsDir: string;
  /** Every handle not yet stopped, in start order (including ones still starting). */
  readonly #handles: ServiceHandle[] = [];
  readonly #ready = new WeakSet<ServiceHandle>();
  readonly #listeners: UnexpectedExitListener[] = [];
  readonly #readyListeners: ((svc: StartedService) => void)[] = [];
  /** The spec each name was last started with, so a fault can start it again (restart). */
  readonly #specs = new Map<string, ServiceSpec>();
  #stoppingAll: Promise<void> | undefined;
  /** Counts stopAll() calls, so a start() whose spawn raced one knows to give up. */
  #stopEpoch = 0;

  constructor(opts: SupervisorOptions) {
    this.runDir = opts.runDir;
    this.logsDir = path.join(opts.runDir, 'logs');
  }

  /**
   * Spawns the service in its own process group and waits for its readiness. On a readiness timeout, an exit before
   * ready, or a stop while starting, the process group is stopped first, then a one-line UserError is thrown.
   */
  async start(specIn: ServiceSpec): Promise<StartedService> {
    const spec = normalizeSpec(specIn);
    if (this.#handles.some((h) => h.name === spec.name)) {
      throw new Error(`service name '${spec.name}' is already in use in this run: stop the running one first`);
    }
    const epoch = this.#stopEpoch;
    this.#specs.set(spec.name, specIn);
    const spawned = await spawnService(spec, this.logsDir);
    const handle = new ServiceHandle({
      name: spec.name,
      role: spec.role,
      pid: spawned.pid,
      exited: spawned.exited,
      logFile: spawned.logFile,
      cpus: spawned.cpus,
      stopGraceMs: spec.stopGraceMs,
      url: spec.url,
      port: spec.port,
    });
    this.#handles.push(handle);
    handle.onStopped(() => this.#forget(handle));
    void handle.exited.then(({ code, signal }) => {
      if (this.#ready.has(handle) && !handle.stopRequested) for (const cb of this.#listeners) cb(handle, code, signal);
    });
    if (epoch !== this.#stopEpoch) void handle.stop(); // stopAll ran while we were spawning: the wait below ends at once

    const outcome = await waitUntilReady({
      name: spec.name,
      host: spec.host,
      url: spec.url,
      port: spec.port,
      strategy: spec.ready,
      log: new LogFollower(spawned.logFile, spawned.logOffset),
      timeoutMs: spec.readyTimeoutMs,
      exited: handle.exited,
      stop: handle.stopSignal,
      startedAt: spawned.spawnedAt,
    });

    if (outcome.kind === 'ready') {
      handle.port = outcome.port ?? handle.port;
      handle.url = outcome.url ?? handle.url ?? (handle.port ? `http://${hostForUrl(spec.host)}:${handle.port}` : undefined);
      handle.readyMs = outcome.elapsedMs;
      this.#ready.add(handle);
      for (const cb of [...this.#readyListeners]) cb(handle);
      return handle;
    }

    await handle.stop();
    if (outcome.kind === 'stopped') {
      throw new UserError(`${spec.name}: stopped before it was ready (the run is shutting down)`);
    }
    const { message, timedOut } = notReadyMessage({
      name: spec.name,
      logFile: spawned.logFile,
      logOffset: spawned.logOffset,
      waitingFor: spec.ready.description,
      timeoutMs: spec.readyTimeoutMs,
      elapsedMs: outcome.elapsedMs,
      exit: outcome.kind === 'exited' ? outcome.exit : undefined,
      stoppedWith: handle.stoppedWith,
    });
    throw new UserError(message, { timedOut });
  }

  /**
   * Fault injection: sends `signal` (default SIGKILL) to the service's process group at once, with the exit marked as
   * expected (stop requested in the same tick), so no unexpected-exit report follows. Resolves once the group is gone.
   */
  async kill(svc: StartedService, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const handle = this.#handles.find((h) => h === svc);
    if (handle === undefined) throw new Error(`${svc.name}: not a running service of this supervisor`);
    signalGroup(handle.pid, signal);
    await handle.stop();
  }

  /**
   * Starts a service again from the spec it was last started with (stopping it first if it still runs); `edit` may
   * change that spec, e.g. pin the port it had, so a balancer in front finds it in the same place.
   */
  async restart(name: string, edit: (spec: ServiceSpec) => ServiceSpec = (s) => s): Promise<StartedService> {
    const spec = this.#specs.get(name);
    if (spec === undefined) throw new Error(`service '${name}' was never started in this run: nothing to restart`);
    await this.#handles.find((h) => h.name === name)?.stop();
    return this.start(edit(spec));
  }

  /** Services started and not stopped yet, in start order (a service still starting is not listed). */
  services(): StartedService[] {
    return this.#handles.filter((h) => this.#ready.has(h));
  }

  /** Called each time a service becomes ready (a restart too). Returns an unsubscribe function. */
  onReady(cb: (svc: StartedService) => void): () => void {
    this.#readyListeners.push(cb);
    return () => {
      const i = this.#readyListeners.indexOf(cb);
      if (i >= 0) this.#readyListeners.splice(i, 1);
    };
  }

  /** Called when a ready child exits while nobody asked it to stop. Returns an unsubscribe function. */
  onUnexpectedExit(cb: UnexpectedExitListener): () => void {
    this.#listeners.push(cb);
    return () => {
      const i = this.#listeners.indexOf(cb);
      if (i >= 0) this.#listeners.splice(i, 1);
    };
  }

  /** Stops every service (those still starting too), in reverse start order. Safe to call twice or concurrently. */
  stopAll(): Promise<void> {
    this.#stopEpoch++;
    this.#stoppingAll ??= (async () => {
      try {
        const done = new Set<ServiceHandle>();
        // Repeat while services started meanwhile are left (each handle is stopped once).
        for (let left = this.#handles.filter((h) => !done.has(h)); left.length > 0; left = this.#handles.filter((h) => !done.has(h))) {
          for (const h of left.reverse()) {
            done.add(h);
            await h.stop();
          }
        }
      } finally {
        this.#stoppingAll = undefined;
      }
    })();
    return this.#stoppingAll;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stopAll();
  }

  #forget(handle: ServiceHandle): void {
    const i = this.#handles.indexOf(handle);
    if (i >= 0) this.#handles.splice(i, 1);
  }
}

const hostForUrl = (host: string): string => (host.includes(':') ? `[${host}]` : host);
