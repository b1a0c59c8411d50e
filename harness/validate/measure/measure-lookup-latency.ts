// Redis GET over loopback vs an indexed SQLite lookup in-process (stage 1's store), timed one lookup at a time.
import type { Redis } from 'ioredis';
import { encodeId } from '../../../targets/app/codegen.ts';
import { mulberry32 } from '../../../loadtests/workload/prng.ts';
import type { SqliteLinkStore } from '../../../targets/app/sqlite-link-store.ts';
import { summarizeNs, type LatencySampleUs } from './latency-sample.ts';

const WARMUP = 500;

function randomIds(n: number, count: number, seed: number): number[] {
  const rnd = mulberry32(seed);
  return Array.from({ length: count }, () => 1 + Math.floor(rnd() * n));
}

/** Times `lookups` sequential GETs of random codes; the n plain `SET code url` keys (ids 1..n) must be loaded. */
export async function measureRedisGet(r: Redis, n: number, lookups: number): Promise<LatencySampleUs> {
  for (const id of randomIds(n, WARMUP, 7)) await r.get(encodeId(id));
  const codes = randomIds(n, lookups, 11).map((id) => encodeId(id));
  const ns = new Float64Array(lookups);
  for (let i = 0; i < lookups; i++) {
    const t0 = process.hrtime.bigint();
    const url = await r.get(codes[i]);
    ns[i] = Number(process.hrtime.bigint() - t0);
    if (url === null) throw new Error(`redis GET ${codes[i]} found nothing: the load did not complete`);
  }
  return summarizeNs(ns);
}

/** Times `lookups` getByCode calls (unique index on code) on a store seeded with ids 1..n. */
export function measureSqliteLookup(store: SqliteLinkStore, n: number, lookups: number): LatencySampleUs {
  for (const id of randomIds(n, WARMUP, 7)) store.getByCode(encodeId(id));
  const codes = randomIds(n, lookups, 11).map((id) => encodeId(id));
  const ns = new Float64Array(lookups);
  for (let i = 0; i < lookups; i++) {
    const t0 = process.hrtime.bigint();
    const link = store.getByCode(codes[i]);
    ns[i] = Number(process.hrtime.bigint() - t0);
    if (link === undefined) throw new Error(`sqlite lookup of ${codes[i]} found nothing: the seed did not complete`);
  }
  return summarizeNs(ns);
}
