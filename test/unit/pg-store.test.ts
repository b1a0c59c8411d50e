// PostgresLinkStore and seedPostgres against a real PostgreSQL (one server for this file, a fresh database per test):
// the same ids, codes, 409/400 rules, no id reuse and click counts as the SQLite store.
import { afterAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { encodeId } from '../../targets/app/codegen.ts';
import { CodeTakenError, InvalidCodeError, StoreBusyError, StoreUnavailableError } from '../../targets/app/link-store.ts';
import { PgPool } from '../../targets/app/pg-pool.ts';
import { PostgresLinkStore } from '../../targets/app/pg-link-store.ts';
import { seedPostgres } from '../../targets/app/seed-postgres.ts';
import { CodeKeyMismatchError } from '../../targets/app/sqlite-db.ts';
import { freshDatabase, stopFilePostgres } from '../fixtures/pg-for-file.ts';

afterAll(stopFilePostgres);

async function withStores<T>(n: number, fn: (stores: PostgresLinkStore[], url: string) => Promise<T>, opts: { codeKey?: number } = {}): Promise<T> {
  const { url } = await freshDatabase('store');
  const stores: PostgresLinkStore[] = [];
  try {
    for (let i = 0; i < n; i++) stores.push(await PostgresLinkStore.open({ url, pool: 4, ...opts }));
    return await fn(stores, url);
  } finally {
    await Promise.all(stores.map((s) => s.close()));
  }
}

describe('PostgresLinkStore', () => {
  it('given two stores (two apps) on one database, when both create links concurrently, then ids 1..N are used once and each sees the other', async () => {
    await withStores(2, async ([a, b]) => {
      const links = await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? a : b).create(`https://example.org/${i}`)));
      const ids = links.map((l) => l.id).sort((x, y) => x - y);
      expect(ids).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
      for (const l of links) expect(l.code).toBe(encodeId(l.id));
      const seenByA = await a.getByCode(links[1].code);
      const seenByB = await b.getByCode(links[0].code);
      expect(seenByA?.url).toBe('https://example.org/1');
      expect(seenByB?.url).toBe('https://example.org/0');
      expect(a.stats.create + b.stats.create).toBe(100);
    });
  });

  it('given the newest link is deleted, when another is created, then its id (and code) is not reused', async () => {
    await withStores(1, async ([s]) => {
      const first = await s.create('https://example.org/x');
      expect(await s.delete(first.code)).toBe(true);
      expect(await s.delete(first.code)).toBe(false);
      expect(await s.getByCode(first.code)).toBeUndefined();
      const next = await s.create('https://example.org/y');
      expect(next.id).toBe(first.id + 1);
      expect(next.code).not.toBe(first.code);
    });
  });

  it('given custom codes, when created, then taken ones reject with CodeTakenError and generated-shape ones with InvalidCodeError', async () => {
    await withStores(1, async ([s]) => {
      const mine = await s.create('https://example.org/c', 'my-code');
      expect(mine.code).toBe('my-code');
      expect(mine.id).toBeGreaterThan(0);
      await expect(s.create('https://example.org/d', 'my-code')).rejects.toBeInstanceOf(CodeTakenError);
      await expect(s.create('https://example.org/d', 'Abc1234')).rejects.toBeInstanceOf(InvalidCodeError);
      await expect(s.create('https://example.org/d', 'a b')).rejects.toBeInstanceOf(InvalidCodeError);
      // The custom code used an id from the same sequence: the next generated code skips it.
      const gen = await s.create('https://example.org/e');
      expect(gen.id).toBe(mine.id + 1);
    });
  });

  it('given clicks, when recorded, then the row counts them and the link keeps url, createdAt and id', async () => {
    await withStores(1, async ([s]) => {
      const link = await s.create('https://example.org/clicked');
      await Promise.all([s.recordClick(link.id), s.recordClick(link.id), s.recordClick(link.id)]);
      const read = await s.getByCode(link.code);
      expect(read).toEqual({ ...link, clicks: 3 });
      expect(s.stats.recordClick).toBe(3);
      expect(s.metricsText()).toMatch(/scaleladder_pg_queries_total\{target="primary",kind="write"\} 5\n/); // nextval + insert + 3 clicks
    });
  });

  it('given a database made with one code key, when opened with another, then CodeKeyMismatchError', async () => {
    await withStores(1, async (_stores, url) => {
      await expect(PostgresLinkStore.open({ url, codeKey: 12345 })).rejects.toBeInstanceOf(CodeKeyMismatchError);
    });
  });

  it('given a pool of 2 and 20 lookups at once, when they run, then waits are counted and every lookup answers', async () => {
    const { url } = await freshDatabase('pool');
    const s = await PostgresLinkStore.open({ url, pool: 2 });
    try {
      const l = await s.create('https://example.org/p');
      const got = await Promise.all(Array.from({ length: 20 }, () => s.getByCode(l.code)));
      expect(got.every((g) => g?.url === 'https://example.org/p')).toBe(true);
      expect(s.primary.waits).toBeGreaterThanOrEqual(18);
      expect(s.metricsText()).toMatch(/scaleladder_pg_pool_waits_total\{server="primary"\} (1[89]|[2-9]\d)\n/);
    } finally {
      await s.close();
    }
  });
});

describe('seedPostgres', () => {
  it('given a fresh database, when 20,000 links are seeded, then ids are 1..20,000, every code resolves, and the next create continues', async () => {
    const { url } = await freshDatabase('seed');
    const r = await seedPostgres(url, 20_000);
    expect(r.first).toBe(1);
    expect(r.last).toBe(20_000);
    const s = await PostgresLinkStore.open({ url });
    try {
      for (const id of [1, 2, 777, 19_999, 20_000]) expect((await s.getByCode(encodeId(id)))?.url).toBe(`https://example.com/${id}`);
      expect((await s.create('https://example.org/after')).id).toBe(20_001);
    } finally {
      await s.close();
    }
    const again = await seedPostgres(url, 10);
    expect([again.first, again.last]).toEqual([20_002, 20_011]);
    const reset = await seedPostgres(url, 5, { reset: true, codeKey: 99, urlPrefix: 'https://x.test/' });
    expect([reset.first, reset.last]).toEqual([1, 5]);
    const sql = postgres(url, { max: 1 });
    try {
      const rows = await sql<{ code: string; url: string }[]>`SELECT code, url FROM links ORDER BY id`;
      expect(rows).toEqual([1, 2, 3, 4, 5].map((i) => ({ code: encodeId(i, 99), url: `https://x.test/${i}` })));
    } finally {
      await sql.end();
    }
  });

  it('given a bad count, when seeding, then it is refused with the rule', async () => {
    await expect(seedPostgres('postgres://nobody@127.0.0.1:1/x', -1)).rejects.toThrow(/non-negative integer/);
  });
});

describe('PgPool', () => {
  it('given a server that is not there, when queried, then StoreUnavailableError (a 503 for the routes), not a bare socket error', async () => {
    const pool = new PgPool('primary', 'postgres://postgres@127.0.0.1:1/none', { connectTimeoutS: 3 });
    try {
      const err = await pool.run('read', (sql) => sql`SELECT 1`).then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(StoreUnavailableError);
      expect(err).toBeInstanceOf(StoreBusyError);
      expect((err as Error).message).toMatch(/^database unavailable: primary: ECONNREFUSED/);
    } finally {
      await pool.end();
    }
  });
});
