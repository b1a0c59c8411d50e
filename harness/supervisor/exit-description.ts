// Words for how a child ended and a one-line readiness failure message, shared by the supervisor's errors.
import { lastLogLines, oneLine } from './log-follower.ts';
import type { ExitInfo } from './wait-loop.ts';

/** "exit code 1" or "killed by SIGKILL". */
export function describeExit(exit: ExitInfo): string {
  if (exit.signal) return `killed by ${exit.signal}`;
  return `exit code ${exit.code ?? 'unknown'}`;
}

const PORT_IN_USE = /EADDRINUSE|address already in use/i;

/** When the log says a bind failed, the port it names (or true when it names none); undefined otherwise. */
export function portInUse(lines: string[]): number | true | undefined {
  const line = lines.find((l) => PORT_IN_USE.test(l));
  if (line === undefined) return undefined;
  // host:port first (a log line's timestamp also has ':NN'), then 'port NNNN', then a bare ':NNNN'.
  const m =
    /(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-f:]*\]|::|localhost|\*|0\.0\.0\.0):(\d{2,5})\b/i.exec(line) ??
    /\bport\s+(\d{2,5})\b/i.exec(line) ??
    /:(\d{2,5})\b/.exec(line);
  return m ? Number(m[1]) : true;
}

export interface NotReadyFacts {
  name: string;
  logFile: string;
  logOffset: number;
  waitingFor: string;
  timeoutMs: number;
  elapsedMs: number;
  /** How it ended: its own exit before ready, or undefined when we stopped it at the deadline. */
  exit?: ExitInfo;
  /** How our stop ended it after the deadline. */
  stoppedWith?: ExitInfo;
}

/** The one-line message of a readiness failure, naming the numbers, the last log lines and where the log is. */
export function notReadyMessage(f: NotReadyFacts): { message: string; timedOut: boolean } {
  const recent = lastLogLines(f.logFile, f.logOffset, 20);
  const tail = oneLine(recent.slice(-5));
  const busy = portInUse(recent);
  if (f.exit && busy !== undefined) {
    const which = busy === true ? 'its port' : `port ${busy}`;
    return {
      message: `${f.name}: ${which} is already in use (${describeExit(f.exit)}; last log lines: ${tail}): stop whatever holds it or choose another port (log: ${f.logFile})`,
      timedOut: false,
    };
  }
  if (f.exit && f.exit.code === 0) {
    return {
      message: `${f.name}: exited with code 0 before ready after ${f.elapsedMs} ms, as if it went to the background: run it in the foreground (nginx -g 'daemon off;', redis-server --daemonize no, haproxy without -D) (last log lines: ${tail}; log: ${f.logFile})`,
      timedOut: false,
    };
  }
  if (f.exit) {
    return {
      message: `${f.name}: exited before ready after ${f.elapsedMs} ms (${describeExit(f.exit)}; last log lines: ${tail}; log: ${f.logFile})`,
      timedOut: false,
    };
  }
  const how = f.stoppedWith ? `stopped it: ${describeExit(f.stoppedWith)}` : 'stopped it';
  return {
    message: `${f.name}: not ready after ${f.timeoutMs} ms waiting for ${f.waitingFor} (${how}; last log lines: ${tail}; log: ${f.logFile})`,
    timedOut: true,
  };
}
