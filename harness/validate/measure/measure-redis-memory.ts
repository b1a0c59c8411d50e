// Bytes per mapping in a real redis-server: plain keys (SET) vs hash-bucketed small hashes (HSET, listpack) — Instagram's trick.
import type { Redis } from 'ioredis';
import { encodeId } from '../../../targets/app/codegen.ts';
import { measureUrl } from './sample-url.ts';

export interface MemoryShape {
  /** What a mapping is here, e.g. "code → URL (~85 B)". */
  shape: string;
  mappings: number;
  plainBytes: number;
  plainBytesPerMapping: number;
  bucketedBytes: number;
  bucketedBytesPerMapping: number;
  /** 1 − bucketed / plain. */
  reduction: number;
  bucketSize: number;
  buckets: number;
  /** OBJECT ENCODING of one bucket (listpack expected; hashtable means the config limits were exceeded). */
  bucketEncoding: string;
}

export interface RedisMemoryMeasurement {
  /** Instagram's shape: integer media id → integer user id, 1,000 ids per bucket. */
  int: MemoryShape;
  /** This shortener's shape: 7-char code → URL, bucketed by id / 1,000. */
  url: MemoryShape;
  config: Record<string, string>;
}

const BUCKET = 1000;
const CHUNK = 5000;
const LISTPACK_CONFIG = { 'hash-max-listpack-entries': '1024', 'hash-max-listpack-value': '256' };

async function usedMemory(r: Redis): Promise<number> {
  const info = await r.info('memory');
  const m = /used_memory:(\d+)/.exec(info);
  if (!m) throw new Error('redis INFO memory has no used_memory line');
  return Number(m[1]);
}

/** used_memory once it stops moving (the main dict may still be rehashing right after a bulk load). */
async function settledMemory(r: Redis): Promise<number> {
  let last = await usedMemory(r);
  for (let i = 0; i < 20; i++) {
    await new Promise((res) => setTimeout(res, 100));
    const now = await usedMemory(r);
    if (Math.abs(now - last) <= last * 0.0005) return now;
    last = now;
  }
  return last;
}

/** One mapping: the plain key and its value, and the bucket, field and value of its bucketed form. */
interface Mapping {
  key: string;
  value: string;
  bucket: string;
  field: string;
}

/** Loads n mappings with as few round trips as possible (MSET / multi-field HSET): the memory is the same as one SET each. */
async function load(r: Redis, n: number, mapping: (i: number) => Mapping, bucketed: boolean): Promise<number> {
  await r.flushall('SYNC');
  const before = await settledMemory(r);
  for (let start = 0; start < n; start += CHUNK) {
    const p = r.pipeline();
    if (!bucketed) {
      const args: string[] = [];
      for (let i = start; i < Math.min(n, start + CHUNK); i++) {
        const m = mapping(i);
        args.push(m.key, m.value);
      }
      p.mset(...args);
    } else {
      const byBucket = new Map<string, string[]>();
      for (let i = start; i < Math.min(n, start + CHUNK); i++) {
        const m = mapping(i);
        const list = byBucket.get(m.bucket) ?? byBucket.set(m.bucket, []).get(m.bucket)!;
        list.push(m.field, m.value);
      }
      for (const [bucket, fv] of byBucket) p.hset(bucket, ...fv);
    }
    await p.exec();
  }
  return (await settledMemory(r)) - before;
}

async function measureShape(
  r: Redis,
  n: number,
  shape: string,
  mapping: (i: number) => Mapping,
  onPlainLoaded?: () => Promise<void>,
): Promise<MemoryShape> {
  const plainBytes = await load(r, n, mapping, false);
  if (onPlainLoaded) await onPlainLoaded();
  const bucketedBytes = await load(r, n, mapping, true);
  const bucketEncoding = String(await r.call('OBJECT', 'ENCODING', mapping(0).bucket));
  await r.flushall('SYNC');
  return {
    shape,
    mappings: n,
    plainBytes,
    plainBytesPerMapping: plainBytes / n,
    bucketedBytes,
    bucketedBytesPerMapping: bucketedBytes / n,
    reduction: 1 - bucketedBytes / plainBytes,
    bucketSize: BUCKET,
    buckets: Math.ceil(n / BUCKET),
    bucketEncoding,
  };
}

/**
 * Measures both shapes; `onUrlKeysLoaded` runs while the n plain `SET code url` keys are loaded (the cache-aside layout),
 * so the GET latency can be timed without loading them twice.
 */
export async function measureRedisMemory(r: Redis, n: number, onUrlKeysLoaded?: () => Promise<void>): Promise<RedisMemoryMeasurement> {
  for (const [k, v] of Object.entries(LISTPACK_CONFIG)) await r.config('SET', k, v);
  const firstMedia = 1_000_000;
  const int = await measureShape(r, n, 'integer media id → integer user id (Instagram)', (i) => {
    const id = firstMedia + i;
    const user = String((Math.imul(i + 1, 2654435761) >>> 0) % 50_000_000);
    return { key: `media:${id}`, value: user, bucket: `mediabucket:${Math.floor(id / BUCKET)}`, field: String(id) };
  });
  const url = await measureShape(
    r,
    n,
    `7-char code → URL (~${measureUrl(n).length} B)`,
    (i) => {
      const code = encodeId(i + 1);
      return { key: code, value: measureUrl(i + 1), bucket: `links:${Math.floor((i + 1) / BUCKET)}`, field: code };
    },
    onUrlKeysLoaded,
  );
  return { int, url, config: { ...LISTPACK_CONFIG } };
}
