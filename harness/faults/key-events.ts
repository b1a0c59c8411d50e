// Watches one Redis key through keyspace notifications (every node of a cluster; only the owner emits) and deletes it on demand.
// ioredis (~0.15 CPU-s to load) is imported where a Redis is actually talked to: stage 1 and most runs never need it here.
import type { Redis } from 'ioredis';

/** Keyspace events: K = the __keyspace@0__:<key> channel, $ = string commands (set), g = generic ones (del), x = expired. */
const NOTIFY = 'K$gx';

interface Node {
  cmd: Redis;
  sub: Redis;
  previous: string;
}

/** Counts `set` events of a key (each one a cache fill, i.e. one DB read before it) with the step time they arrived at. */
export class KeyEvents {
  readonly key: string;
  readonly #nodes: Node[];
  readonly #sets: number[] = [];
  readonly #expired: number[] = [];

  private constructor(key: string, nodes: Node[]) {
    this.key = key;
    this.#nodes = nodes;
  }

  /** Connects to every node of `redisUrls`, turns keyspace events on (remembering the old setting) and subscribes. */
  static async open(redisUrls: readonly string[], key: string, clock: () => number): Promise<KeyEvents> {
    const { Redis } = await import('ioredis');
    const nodes: Node[] = [];
    const watch = new KeyEvents(key, nodes);
    try {
      for (const url of redisUrls) {
        const cmd = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 2000 });
        cmd.on('error', () => undefined);
        const sub = cmd.duplicate();
        sub.on('error', () => undefined);
        nodes.push({ cmd, sub, previous: '' });
        const node = nodes[nodes.length - 1];
        const got = (await cmd.config('GET', 'notify-keyspace-events')) as string[];
        node.previous = got[1] ?? '';
        await cmd.config('SET', 'notify-keyspace-events', NOTIFY);
        sub.on('message', (_channel: string, event: string) => {
          if (event === 'set') watch.#sets.push(clock());
          else if (event === 'expired') watch.#expired.push(clock());
        });
        await sub.subscribe(`__keyspace@0__:${key}`);
      }
    } catch (e) {
      await watch.close();
      throw e;
    }
    return watch;
  }

  /** DEL on every node (a cluster node that does not own the key answers MOVED: ignored); how many entries were removed. */
  async del(): Promise<number> {
    const replies = await Promise.all(this.#nodes.map((n) => n.cmd.del(this.key).catch(() => 0)));
    return replies.reduce((a, b) => a + b, 0);
  }

  /** `set` events that arrived in [fromMs, toMs) on the step clock. */
  setsBetween(fromMs: number, toMs: number): number {
    return this.#sets.filter((t) => t >= fromMs && t < toMs).length;
  }

  /** `expired` events (the TTL ran out) in [fromMs, toMs) on the step clock. */
  expiredBetween(fromMs: number, toMs: number): number {
    return this.#expired.filter((t) => t >= fromMs && t < toMs).length;
  }

  /** Step times of the `expired` events so far. */
  expiredTimes(): readonly number[] {
    return this.#expired;
  }

  /** Restores the old notification setting and disconnects; safe to call twice. */
  async close(): Promise<void> {
    for (const n of this.#nodes.splice(0)) {
      await n.cmd.config('SET', 'notify-keyspace-events', n.previous).catch(() => undefined);
      n.sub.disconnect();
      n.cmd.disconnect();
    }
  }
}
