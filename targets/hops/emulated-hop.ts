// Emulated network hops between machines of the scale model (app ↔ Redis, app ↔ database): a timer delay that burns no
// CPU, added once to each round trip, so a stage shows what going over a network costs in latency (not in capacity).

/**
 * Node timers tick in whole milliseconds: a hop below 1 ms waits for the next tick (1–2 ms), so the delay a request
 * sees per round trip is max(hopMs, 1) up to one tick more. Recorded next to the hop in the result.
 */
export const HOP_TIMER_RESOLUTION_MS = 1;

/** `pending`, settled at least `hopMs` later (0: as it is). A rejection is delayed the same way: the answer crossed the network too. */
export function afterHop<T>(pending: Promise<T>, hopMs: number): Promise<T> {
  if (!(hopMs > 0)) return pending;
  return pending.then(
    (value) => new Promise<T>((resolve) => setTimeout(resolve, hopMs, value)),
    (err: unknown) => new Promise<T>((_resolve, reject) => setTimeout(reject, hopMs, err)),
  );
}

/** The part of an ioredis client (one server or a cluster) every command goes through. */
export interface CommandSender {
  sendCommand(...args: never[]): unknown;
}

/**
 * Adds one hop to every command `client` sends (its own connection only: a duplicate made later has none). Commands
 * sent together (a pipeline, or several in one tick) wait out their hops side by side: one round trip, one hop.
 * Returns `client`.
 */
export function withHop<C extends CommandSender>(client: C, hopMs: number): C {
  if (!(hopMs > 0)) return client;
  const send = client.sendCommand.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { sendCommand: (...args: unknown[]) => unknown }).sendCommand = (...args: unknown[]) => {
    const sent = send(...args);
    return sent instanceof Promise ? afterHop(sent, hopMs) : sent;
  };
  return client;
}
