// Redirect loops for crash tests: every 302 received is one acknowledged click (with its time), until stopped or the server is gone.
import { request, type Dispatcher } from 'undici';

export interface RedirectDrive {
  /** Acknowledged clicks (302s received) per code. */
  acks: Map<string, number>;
  /** When each acknowledgement arrived (performance.now()). */
  ackTimes: number[];
  stop(): Promise<void>;
  /** Settles when every loop has ended (the server went away, or stop()). */
  done: Promise<unknown>;
}

/** `workers` loops GET base/code over `codes` through `dispatcher`; a loop ends at its first failed request. */
export function driveRedirects(base: string, codes: string[], dispatcher: Dispatcher, workers = 8): RedirectDrive {
  const acks = new Map<string, number>();
  const ackTimes: number[] = [];
  let running = true;
  const loops = Array.from({ length: workers }, async (_, w) => {
    for (let i = w; running; i += workers) {
      const code = codes[i % codes.length];
      try {
        const res = await request(`${base}/${code}`, { dispatcher, headersTimeout: 2000 });
        await res.body.dump();
        if (res.statusCode === 302) {
          acks.set(code, (acks.get(code) ?? 0) + 1);
          ackTimes.push(performance.now());
        }
      } catch {
        return; // the server is gone
      }
    }
  });
  const done = Promise.all(loops);
  return {
    acks,
    ackTimes,
    stop: async () => {
      running = false;
      await done;
    },
    done,
  };
}
