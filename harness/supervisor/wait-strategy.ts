// The shape of a readiness check: a per-start probe that the one retry loop in wait-loop.ts polls.

/** What a probe sees of the starting service; shared by every strategy of one start. */
export interface WaitContext {
  readonly name: string;
  readonly host: string;
  /** Known entry URL (from the spec or an earlier strategy's capture). */
  url?: string;
  /** Known port (from the spec or an earlier strategy's capture). */
  port?: number;
  /** Calls `listener` with every complete output line (stdout and stderr) the child writes from now on. */
  onLine(listener: (line: string) => void): void;
  /** Aborted when the wait is over (ready, timed out, exited, or stopped). */
  readonly signal: AbortSignal;
}

/** One attempt: resolves true when this condition holds. Called repeatedly until true, the deadline, or the child's exit. */
export type WaitProbe = (attemptTimeoutMs: number) => Promise<boolean>;

export interface WaitStrategy {
  /** Short human description for error messages, e.g. "log line /Ready/" or "HTTP 200 from /healthz". */
  readonly description: string;
  /** Called once per start; keeps whatever state the probe needs (so a strategy can be reused across starts). */
  begin(ctx: WaitContext): WaitProbe;
}
