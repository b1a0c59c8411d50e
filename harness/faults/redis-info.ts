// redis-info (stage 2+): no fault at all — Redis's own INFO over the step (evicted keys, keyspace hits/misses, used vs
// maxmemory, keys held), from every node; the eviction experiment's measurement.
// ioredis (~0.15 CPU-s to load) is imported when this fault is set up: most runs never need it.
import { UserError } from '../errors/user-error.ts';
import type { FaultFactory } from './fault-types.ts';

type Info = Record<string, number>;

/** The numeric fields of INFO we use, summed over nodes (keys from db0's `keys=`). */
export function parseInfo(text: string): Info {
  const out: Info = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^(evicted_keys|keyspace_hits|keyspace_misses|used_memory|maxmemory|expired_keys):(\d+)/.exec(line);
    if (m) out[m[1]] = Number(m[2]);
    const k = /^db0:keys=(\d+)/.exec(line);
    if (k) out.keys = Number(k[1]);
  }
  return out;
}

export const redisInfo: FaultFactory = async (spec, ctx) => {
  const urls = ctx.stage.services.filter((s) => s.role === 'cache' && s.url?.startsWith('redis://')).map((s) => s.url!);
  if (urls.length === 0) throw new UserError('--fault redis-info: this stage has no Redis to read');
  const { Redis } = await import('ioredis');
  const read = async (): Promise<Info> => {
    const all = await Promise.all(
      urls.map(async (url) => {
        const r = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 2000, lazyConnect: true });
        try {
          await r.connect();
          return parseInfo(await r.info());
        } finally {
          r.disconnect();
        }
      }),
    );
    const sum: Info = {};
    for (const i of all) for (const [k, v] of Object.entries(i)) sum[k] = (sum[k] ?? 0) + v;
    return sum;
  };
  const before = await read().catch(() => ({}) as Info);
  let after: Info = {};
  const notes: string[] = [];
  return {
    spec,
    async run() {},
    async finish() {
      after = await read().catch((e: Error) => (notes.push(`INFO not read: ${e.message}`), {}));
    },
    record() {
      const d = (k: string) => (after[k] ?? 0) - (before[k] ?? 0);
      const lookups = d('keyspace_hits') + d('keyspace_misses');
      return {
        kind: 'redis-info',
        target: 'redis',
        atMs: 0,
        detail: `Redis INFO before and after the step, ${urls.length} node${urls.length === 1 ? '' : 's'}; policy ${ctx.topology.redisPolicy}, maxmemory ${ctx.topology.redisMaxmemory}`,
        events: [],
        outcome: {
          evictedKeys: d('evicted_keys'),
          expiredKeys: d('expired_keys'),
          keyspaceHits: d('keyspace_hits'),
          keyspaceMisses: d('keyspace_misses'),
          keyspaceHitRatio: lookups > 0 ? Math.round((d('keyspace_hits') / lookups) * 1000) / 1000 : 0,
          usedMemoryBytes: after.used_memory ?? 0,
          maxmemoryBytes: after.maxmemory ?? 0,
          keysAtEnd: after.keys ?? 0,
        },
        ...(notes.length ? { notes } : {}),
      };
    },
  };
};
