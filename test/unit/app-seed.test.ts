// Seeding: N links in one transaction whose codes are exactly encodeId(first..last), served by the app.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeId } from '../../targets/app/codegen.ts';
import { seedLinks } from '../../targets/app/seed-links.ts';
import { CodeKeyMismatchError } from '../../targets/app/sqlite-db.ts';
import { SqliteLinkStore } from '../../targets/app/sqlite-link-store.ts';
import { startApp } from '../../targets/app/start-app.ts';

const dir = mkdtempSync(join(tmpdir(), 'scaleladder-app-seed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('seedLinks', () => {
  it('given a fresh file, when 10,000 links are seeded, then ids are 1..10,000 and every encodeId(i) resolves to https://example.com/<i>', () => {
    const dbPath = join(dir, 'fresh.sqlite');
    const result = seedLinks(dbPath, 10_000, { reset: true });
    expect(result).toMatchObject({ first: 1, last: 10_000 });
    expect(result.ms).toBeGreaterThan(0);
    const store = new SqliteLinkStore(dbPath);
    try {
      for (let i = 1; i <= 10_000; i++) {
        const link = store.getByCode(encodeId(i));
        if (link === undefined || link.id !== i || link.url !== `https://example.com/${i}` || link.clicks !== 0) {
          throw new Error(`id ${i}: code ${encodeId(i)} resolved to ${JSON.stringify(link)}`);
        }
      }
      const count = store.db.prepare('SELECT count(*) FROM links').pluck().get();
      expect(count).toBe(10_000);
      // The unique index on code was rebuilt after the bulk insert.
      expect(store.db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'links_code'").pluck().get()).toBe(1);
      // The next created link continues after the seeded ids.
      expect(store.create('https://example.org/next').code).toBe(encodeId(10_001));
    } finally {
      store.close();
    }
  });

  it('given a seeded file, when seeding again without reset, then ids continue after the last one; with reset they restart at 1', () => {
    const dbPath = join(dir, 'append.sqlite');
    expect(seedLinks(dbPath, 100)).toMatchObject({ first: 1, last: 100 });
    expect(seedLinks(dbPath, 50)).toMatchObject({ first: 101, last: 150 });
    const store = new SqliteLinkStore(dbPath);
    expect(store.getByCode(encodeId(150))?.url).toBe('https://example.com/150');
    store.close();
    expect(seedLinks(dbPath, 10, { reset: true })).toMatchObject({ first: 1, last: 10 });
  });

  it('given a custom key and url prefix, when seeded, then codes follow that key and the app must use it too', () => {
    const dbPath = join(dir, 'keyed.sqlite');
    seedLinks(dbPath, 100, { reset: true, codeKey: 42, urlPrefix: 'https://seed.test/l/' });
    const store = new SqliteLinkStore(dbPath, { codeKey: 42 });
    expect(store.getByCode(encodeId(7, 42))?.url).toBe('https://seed.test/l/7');
    store.close();
    expect(() => new SqliteLinkStore(dbPath)).toThrow(CodeKeyMismatchError);
    expect(() => seedLinks(dbPath, 1)).toThrow(CodeKeyMismatchError);
  });

  it('given a seeded file, when the app boots on it, then seeded codes redirect', async () => {
    const dbPath = join(dir, 'served.sqlite');
    seedLinks(dbPath, 1000, { reset: true });
    const app = await startApp({ dbPath });
    try {
      for (const i of [1, 500, 1000]) {
        const res = await fetch(`${app.url}/${encodeId(i)}`, { redirect: 'manual' });
        expect(res.status).toBe(302);
        expect(res.headers.get('location')).toBe(`https://example.com/${i}`);
      }
      expect((await fetch(`${app.url}/${encodeId(1001)}`)).status).toBe(404);
    } finally {
      await app.stop();
    }
  });

  it('given a bad count, when seeding, then it is refused with the rule', () => {
    expect(() => seedLinks(join(dir, 'bad.sqlite'), -1)).toThrow(/non-negative integer/);
    expect(() => seedLinks(join(dir, 'bad.sqlite'), 1.5)).toThrow(/non-negative integer/);
  });
});
