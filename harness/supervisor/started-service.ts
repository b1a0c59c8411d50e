// A booted, ready process of a stage: what other parts of the harness see and how they stop it.
import type { ServiceRole } from './service-spec.ts';
import type { ExitInfo } from './wait-loop.ts';

export type { ExitInfo } from './wait-loop.ts';

export interface StartedService {
  readonly name: string;
  readonly role: ServiceRole;
  /** The real child's pid (taskset execs in place), which is also its process-group id. */
  readonly pid: number;
  /** From the spec, a ready-line capture, or `http://host:port` when only the port is known. */
  readonly url?: string;
  readonly port?: number;
  /** results/<run>/logs/<name>.log: stdout and stderr, written by the child itself. */
  readonly logFile: string;
  /** CPU list the child was pinned to with taskset; absent when it was not pinned. */
  readonly cpus?: string;
  /** Milliseconds from spawn to ready (boot time). */
  readonly readyMs: number;
  /** Resolves when the child (the group leader) exits, for whatever reason. */
  readonly exited: Promise<ExitInfo>;
  /** True once stop() was called (an exit after that is expected). */
  readonly stopRequested: boolean;
  /** Idempotent: SIGTERM to the process group, SIGKILL after the grace period; resolves when the whole group is gone. */
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}
