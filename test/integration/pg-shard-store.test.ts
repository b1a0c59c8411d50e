// The PostgreSQL shards' store against a real server: two databases of this file's PostgreSQL stand in for two shard
// servers (the store sees only URLs). Two stores are two app processes: each takes its own id blocks, codes never
// collide, every code lives on its ring shard, and a link created through one resolves through the other.
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeId } from '../../targets/app/codegen.ts';
import { CodeTakenError } from '../../targets/app/link-store.ts';
import { postgresVersion } from '../../harness/services/postgres-binaries.ts';
import { ShardLayoutMismatchError } from '../../targets/shards/id-blocks.ts';
import { PgShardedLinkStore } from '../../targets/shards/pg-sharded-link-store.ts';
import { seedPgShards } from '../../targets/shards/seed-pg-shards.ts';
import { ShardPlacement } from '../../targets/shards/shard-placement.ts';
import { freshDatabase, stopFilePostgres } from '../fixtures/pg-for-file.ts';

const hasPg = postgresVersion() !== null;
let urls: string[] = [];
const stores: PgShardedLinkStore[] = [];

beforeAll(async () => {
  if (!hasPg) return;
  urls = [(await freshDatabase('shard0')).url, (await freshDatabase('shard1')).url];
}, 60_000);
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()));
  await stopFilePostgres();
});

async function open(blockSize?: number): Promise<PgShardedLinkStore> {
  const s = await PgShardedLinkStore.open({ urls, pool: 2, ...(blockSize !== undefined ? { idBlockSize: blockSize } : {}) });
  stores.push(s);
  return s;
}

async function rowsOn(url: string): Promise<{ id: number; code: string }[]> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return await sql<{ id: number; code: string }[]>`SELECT id::float8 AS id, code FROM links ORDER BY id`;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

describe.skipIf(!hasPg)('PgShardedLinkStore on two PostgreSQL databases (needs the postgresql package)', () => {
  it('given 500 seeded links, then each code sits on its ring shard, both shards hold some, and the seeded codes are encodeId(1..500)', async () => {
    const seed = await seedPgShards(urls, 500, { reset: true });
    expect(seed).toMatchObject({ first: 1, last: 500 });
    const ring = new ShardPlacement(2);
    const [a, b] = await Promise.all(urls.map(rowsOn));
    expect(a.length + b.length).toBe(500);
    expect(seed.perShard).toEqual([a.length, b.length]);
    expect(Math.min(a.length, b.length)).toBeGreaterThan(150);
    for (const r of a) expect(ring.shardOf(r.code)).toBe(0);
    for (const r of b) expect(ring.shardOf(r.code)).toBe(1);
    expect(new Set([...a, ...b].map((r) => r.code))).toEqual(new Set(Array.from({ length: 500 }, (_, i) => encodeId(i + 1))));
  }, 30_000);

  it('given two stores (two apps), when each creates 60 links at once, then ids are unique above the seed, each code resolves through the other store, and both shards took creates', async () => {
    const [one, two] = [await open(), await open()];
    const made = await Promise.all([
      ...Array.from({ length: 60 }, (_, i) => one.create(`https://example.org/one/${i}`)),
      ...Array.from({ length: 60 }, (_, i) => two.create(`https://example.org/two/${i}`)),
    ]);
    const ids = made.map((l) => l.id);
    expect(new Set(ids).size).toBe(120);
    expect(Math.min(...ids)).toBeGreaterThan(500);
    // Each store took a block of its own: two disjoint 1000-id ranges.
    expect(new Set(ids.map((id) => Math.floor((id - 1) / 1000))).size).toBe(2);
    for (const l of made) expect(l.code).toBe(encodeId(l.id));
    for (const [i, l] of made.entries()) {
      const other = i < 60 ? two : one;
      expect(await other.getByCode(l.code)).toMatchObject({ id: l.id, url: l.url, clicks: 0 });
    }
    const writes = [one, two].map((s) => s.shardCounters().map((c) => c.writes));
    expect(writes[0][0] + writes[1][0]).toBeGreaterThan(0);
    expect(writes[0][1] + writes[1][1]).toBeGreaterThan(0);
    expect(writes.flat().reduce((x, y) => x + y, 0)).toBe(120);
  }, 30_000);

  it('given a custom code taken through one store, then the other answers CodeTakenError; clicks and deletes reach the code\'s shard', async () => {
    const [one, two] = [stores[0], stores[1]];
    const link = await one.create('https://example.org/custom', 'shared-code');
    await expect(two.create('https://example.org/other', 'shared-code')).rejects.toBeInstanceOf(CodeTakenError);
    await two.recordClick(link.id, link.code);
    await one.recordClick(link.id); // without the code: found on another shard than its id's code's
    expect((await one.getByCode('shared-code'))?.clicks).toBe(2);
    expect(await two.delete('shared-code')).toBe(true);
    expect(await one.getByCode('shared-code')).toBeUndefined();
    expect(one.metricsText()).toMatch(/scaleladder_shard_queries_total\{shard="1",kind="write"\} \d+/);
    expect(one.metricsText()).toMatch(/scaleladder_pg_pool_queries_total\{server="shard-0"\} [1-9]/);
  }, 30_000);

  it('given shards made with K = 2, when a store opens them as K = 3 or with another block size, then it refuses with the layout mismatch', async () => {
    const extra = (await freshDatabase('shard2')).url;
    await expect(PgShardedLinkStore.open({ urls: [...urls, extra], pool: 1 })).rejects.toBeInstanceOf(ShardLayoutMismatchError);
    await expect(PgShardedLinkStore.open({ urls: [...urls, extra], pool: 1 })).rejects.toThrow(/this PostgreSQL shard was made with shards=2, not 3; use the same --shards/);
    // The same servers in another order would misplace every code: each shard knows its place on the ring.
    await expect(PgShardedLinkStore.open({ urls: [urls[1], urls[0]], pool: 1 })).rejects.toThrow(/shard_index=[01], not [10]/);
    await expect(PgShardedLinkStore.open({ urls, pool: 1, idBlockSize: 10 })).rejects.toThrow(/id_block_size=1000, not 10/);
  }, 30_000);
});
