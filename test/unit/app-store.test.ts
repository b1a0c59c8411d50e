// SqliteLinkStore: several connections (and processes) on one file, no id reuse, counted SQLITE_BUSY retries.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeCode, encodeId } from '../../targets/app/codegen.ts';
import { CodeTakenError, InvalidCodeError, StoreBusyError } from '../../targets/app/link-store.ts';
import { SqliteLinkStore } from '../../targets/app/sqlite-link-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'scaleladder-app-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A separate node process that takes the write lock for `holdMs`, printing 'locked' once it holds it. */
function holdWriteLock(dbPath: string, holdMs: number) {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(process.argv[1]);
    db.exec('BEGIN IMMEDIATE');
    db.prepare('UPDATE links SET clicks = clicks WHERE id = 1').run();
    process.stdout.write('locked\\n');
    setTimeout(() => { db.exec('COMMIT'); db.close(); }, Number(process.argv[2]));`;
  const child = spawn(process.execPath, ['-e', script, dbPath, String(holdMs)], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
  const locked = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => d.toString().includes('locked') && resolve());
    child.once('exit', (code) => reject(new Error(`lock holder exited with ${code} before locking`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { locked, exited };
}

describe('SqliteLinkStore', () => {
  it('given two connections on one file, when both create links, then ids never collide and each sees the other', () => {
    const dbPath = join(dir, 'shared.sqlite');
    const a = new SqliteLinkStore(dbPath);
    const b = new SqliteLinkStore(dbPath);
    try {
      const codes = new Set<string>();
      for (let i = 0; i < 200; i++) {
        const link = (i % 2 === 0 ? a : b).create(`https://example.org/${i}`);
        expect(link.code).toBe(encodeId(link.id));
        codes.add(link.code);
      }
      expect(codes.size).toBe(200);
      for (const code of codes) {
        expect(a.getByCode(code)?.code).toBe(code);
        expect(b.getByCode(code)?.code).toBe(code);
      }
      expect(a.stats.create + b.stats.create).toBe(200);
    } finally {
      a.close();
      b.close();
      a.close();
    }
  });

  it('given the newest link is deleted, when another is created, then its id (and code) is not reused', () => {
    const store = new SqliteLinkStore(join(dir, 'noreuse.sqlite'));
    try {
      const first = store.create('https://example.org/1');
      expect(store.delete(first.code)).toBe(true);
      expect(store.delete(first.code)).toBe(false);
      const second = store.create('https://example.org/2');
      expect(second.id).toBe(first.id + 1);
      expect(second.code).not.toBe(first.code);
    } finally {
      store.close();
    }
  });

  it('given custom codes, when created, then taken ones throw CodeTakenError and generated-shape ones InvalidCodeError', () => {
    const store = new SqliteLinkStore(join(dir, 'custom.sqlite'));
    try {
      const link = store.create('https://example.org/c', 'custom-1');
      expect(link).toMatchObject({ code: 'custom-1', url: 'https://example.org/c', clicks: 0 });
      expect(() => store.create('https://example.org/d', 'custom-1')).toThrow(CodeTakenError);
      expect(() => store.create('https://example.org/e', encodeId(999))).toThrow(InvalidCodeError);
      expect(() => store.create('https://example.org/f', 'no')).toThrow(InvalidCodeError);
      // A custom link takes an id too; generated codes keep skipping nothing and colliding with nothing.
      const generated = store.create('https://example.org/g');
      expect(decodeCode(generated.code)).toBe(generated.id);
      expect(generated.id).toBe(link.id + 1);
    } finally {
      store.close();
    }
  });

  it('given clicks, when recorded, then they are in the DB at once and counted in stats', () => {
    const store = new SqliteLinkStore(join(dir, 'clicks.sqlite'));
    const reader = new SqliteLinkStore(join(dir, 'clicks.sqlite'));
    try {
      const link = store.create('https://example.org/x');
      store.recordClick(link.id);
      store.recordClick(link.id);
      expect(reader.getByCode(link.code)?.clicks).toBe(2);
      expect(store.stats).toMatchObject({ recordClick: 2, create: 1, busyRetries: 0 });
    } finally {
      store.close();
      reader.close();
    }
  });

  it('given another process holds the write lock briefly, when a click is recorded, then it waits, succeeds and counts the retries', async () => {
    const dbPath = join(dir, 'busy.sqlite');
    const store = new SqliteLinkStore(dbPath, { busyTimeoutMs: 10_000 });
    try {
      const link = store.create('https://example.org/busy');
      const holder = holdWriteLock(dbPath, 150);
      await holder.locked;
      const t0 = performance.now();
      store.recordClick(link.id);
      expect(performance.now() - t0).toBeGreaterThan(50);
      expect(store.stats.busyRetries).toBeGreaterThan(0);
      expect(store.stats.busyWaitMs).toBeGreaterThan(50);
      expect(store.stats.busyTimeouts).toBe(0);
      expect(await holder.exited).toBe(0);
      expect(store.getByCode(link.code)?.clicks).toBe(1);
    } finally {
      store.close();
    }
  });

  it('given another process holds the write lock past the budget, when a link is created, then StoreBusyError and a counted timeout', async () => {
    const dbPath = join(dir, 'busy2.sqlite');
    const store = new SqliteLinkStore(dbPath, { busyTimeoutMs: 60 });
    try {
      store.create('https://example.org/first');
      const holder = holdWriteLock(dbPath, 1000);
      await holder.locked;
      expect(() => store.create('https://example.org/blocked')).toThrow(StoreBusyError);
      expect(store.stats.busyTimeouts).toBe(1);
      // Readers are not blocked by a writer in WAL mode.
      expect(store.getByCode(encodeId(1))?.url).toBe('https://example.org/first');
      expect(await holder.exited).toBe(0);
      expect(store.create('https://example.org/after').id).toBe(2);
    } finally {
      store.close();
    }
  });

  it('given a file, when opened, then it is in WAL mode with synchronous=NORMAL', () => {
    const store = new SqliteLinkStore(join(dir, 'pragmas.sqlite'));
    try {
      expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(store.db.pragma('synchronous', { simple: true })).toBe(1);
      expect(store.isOpen()).toBe(true);
    } finally {
      store.close();
    }
    expect(store.isOpen()).toBe(false);
  });
});
