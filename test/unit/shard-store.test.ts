// ShardedLinkStore: codes on their ring shard, CRUD across shards, globally unique ids from two processes, balanced and stable placement.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeId } from '../../targets/app/codegen.ts';
import { CodeTakenError, InvalidCodeError } from '../../targets/app/link-store.ts';
import { nodeTsCommand } from '../../harness/services/node-ts-command.ts';
import { ShardLayoutMismatchError } from '../../targets/shards/id-blocks.ts';
import { seedShards } from '../../targets/shards/seed-shards.ts';
import { shardFile } from '../../targets/shards/shard-files.ts';
import { DEFAULT_SHARD_VNODES, ShardPlacement } from '../../targets/shards/shard-placement.ts';
import { ShardedLinkStore } from '../../targets/shards/sharded-link-store.ts';

const root = mkdtempSync(join(tmpdir(), 'scaleladder-shards-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => join(root, `d${n++}`);

/** Every (id, code, clicks) row of one shard file, read straight from SQLite. */
function rowsOf(dir: string, shard: number): { id: number; code: string; clicks: number }[] {
  const db = new Database(shardFile(dir, shard), { readonly: true });
  try {
    return db.prepare('SELECT id, code, clicks FROM links ORDER BY id').all() as { id: number; code: string; clicks: number }[];
  } finally {
    db.close();
  }
}

describe('seedShards', () => {
  it('given 20,000 links over 4 shards, then every seeded code sits on the shard its ring picks, ids 1..n once each', () => {
    const dir = freshDir();
    const r = seedShards(dir, 4, 20_000, { reset: true });
    expect([r.first, r.last]).toEqual([1, 20_000]);
    const placement = new ShardPlacement(4);
    const seen = new Set<number>();
    for (let s = 0; s < 4; s++) {
      const rows = rowsOf(dir, s);
      expect(rows).toHaveLength(r.perShard[s]);
      for (const row of rows) {
        expect(row.code).toBe(encodeId(row.id));
        expect(placement.shardOf(row.code)).toBe(s);
        seen.add(row.id);
      }
    }
    expect(seen.size).toBe(20_000);
  });

  it('given a seeded folder, when a store opens it, then new ids continue after the seed and every seeded code resolves', () => {
    const dir = freshDir();
    seedShards(dir, 3, 500, { reset: true });
    const store = new ShardedLinkStore(dir, 3);
    try {
      for (const id of [1, 250, 500]) expect(store.getByCode(encodeId(id))?.url).toBe(`https://example.com/${id}`);
      expect(store.create('https://example.org/next').id).toBe(501);
    } finally {
      store.close();
    }
  });
});

describe('ShardedLinkStore', () => {
  it('given K = 4, when links are created, read, clicked and deleted, then each operation lands on the code’s shard', () => {
    const dir = freshDir();
    const store = new ShardedLinkStore(dir, 4, { idBlockSize: 50 });
    try {
      const links = Array.from({ length: 200 }, (_, i) => store.create(`https://example.org/${i}`));
      const custom = store.create('https://example.org/custom', 'my-custom_code');
      expect(new Set(links.map((l) => l.id)).size).toBe(200);
      for (const l of links) expect(l.code).toBe(encodeId(l.id));
      for (const l of [...links, custom]) {
        const got = store.getByCode(l.code);
        expect(got).toMatchObject({ id: l.id, code: l.code, url: l.url, clicks: 0 });
        expect(rowsOf(dir, store.shardOf(l.code)).some((r) => r.id === l.id)).toBe(true);
      }
      const used = new Set(links.map((l) => store.shardOf(l.code)));
      expect(used.size).toBe(4);
      // Clicks: with the code, and without it (a custom code's shard is not its id's shard).
      store.recordClick(links[0].id, links[0].code);
      store.recordClick(links[0].id);
      store.recordClick(custom.id);
      store.recordClick(custom.id, custom.code);
      expect(store.getByCode(links[0].code)?.clicks).toBe(2);
      expect(store.getByCode(custom.code)?.clicks).toBe(2);
      // Errors keep the single-file store's meaning.
      expect(() => store.create('https://example.org/x', 'my-custom_code')).toThrow(CodeTakenError);
      expect(() => store.create('https://example.org/x', 'abcdefg')).toThrow(InvalidCodeError);
      // Delete, then the next id is still new (ids come from the sequence, never reused).
      expect(store.delete(links[199].code)).toBe(true);
      expect(store.delete(links[199].code)).toBe(false);
      expect(store.getByCode(links[199].code)).toBeUndefined();
      expect(store.create('https://example.org/after').id).toBeGreaterThan(custom.id);
      const perShard = store.shardCounters();
      expect(perShard.reduce((a, c) => a + c.reads, 0)).toBe(store.stats.getByCode);
    } finally {
      store.close();
      store.close();
    }
  });

  it('given a folder made with K = 4, when opened with K = 2, then it refuses with the rule in the message', () => {
    const dir = freshDir();
    new ShardedLinkStore(dir, 4).close();
    expect(() => new ShardedLinkStore(dir, 2)).toThrow(ShardLayoutMismatchError);
    expect(() => new ShardedLinkStore(dir, 2)).toThrow(/shards=4, not 2/);
  });

  it('given two processes creating 3,000 links each on the same shard files at once, then all 6,000 ids (and codes) are distinct', async () => {
    const dir = freshDir();
    seedShards(dir, 2, 1000, { reset: true });
    const runs = await Promise.all([0, 1].map(() => startCreator(dir, 2, 3000, 100)));
    for (const r of runs) r.go();
    const out = await Promise.all(runs.map((r) => r.result));
    const ids = out.flatMap((o) => o.ids);
    expect(ids).toHaveLength(6000);
    expect(new Set(ids).size).toBe(6000);
    expect(Math.min(...ids)).toBeGreaterThan(1000);
    // Each took its ids block by block, and the blocks interleave: the two really ran at the same time.
    expect(out.every((o) => o.blocks >= 30)).toBe(true);
    const [a, b] = out.map((o) => o.ids);
    expect(Math.max(...a)).toBeGreaterThan(Math.min(...b));
    expect(Math.max(...b)).toBeGreaterThan(Math.min(...a));
    const rows = [0, 1].flatMap((s) => rowsOf(dir, s));
    expect(rows).toHaveLength(7000);
    expect(new Set(rows.map((r) => r.code)).size).toBe(7000);
  }, 60_000);
});

describe('placement', () => {
  const codes = Array.from({ length: 100_000 }, (_, i) => encodeId(i + 1));
  const loads = (p: ShardPlacement) => {
    const c = new Array<number>(p.k).fill(0);
    for (const code of codes) c[p.shardOf(code)]++;
    return c;
  };

  // Measured (100,000 codes of ids 1..100,000): max/mean with 256 points ≤ 1.094 for K = 2..16 (K=4: 1.027);
  // with 160 points up to 1.213 (K = 6; K=4: 1.153). The bound stated here is max/mean ≤ 1.10 and min/mean ≥ 0.88 (K=16: 0.895).
  it.each([2, 3, 4, 5, 8, 16])(`given K = %i and ${DEFAULT_SHARD_VNODES} points per shard, then the fullest shard holds ≤ 1.10× the mean`, (k) => {
    const c = loads(new ShardPlacement(k));
    const mean = codes.length / k;
    expect(Math.max(...c) / mean).toBeLessThanOrEqual(1.1);
    expect(Math.min(...c) / mean).toBeGreaterThanOrEqual(0.88);
  });

  it('given K = 4 → 5, then only ~1/5 of the codes move, and every moved code moves to the new shard', () => {
    const before = new ShardPlacement(4);
    const after = new ShardPlacement(5);
    let moved = 0;
    for (const code of codes) {
      const a = before.shardOf(code);
      const b = after.shardOf(code);
      if (a !== b) {
        moved++;
        expect(b).toBe(4);
      }
    }
    expect(moved / codes.length).toBeGreaterThan(0.15);
    expect(moved / codes.length).toBeLessThan(0.25);
  });

  it('is the same on every call and every instance (a pure function of K, points and code)', () => {
    const a = new ShardPlacement(4);
    const b = new ShardPlacement(4);
    for (const code of codes.slice(0, 1000)) expect(a.shardOf(code)).toBe(b.shardOf(code));
  });
});

function startCreator(dir: string, k: number, count: number, block: number) {
  const cmd = nodeTsCommand('test/fixtures/shard-creator.ts', [dir, String(k), String(count), String(block)]);
  const child = spawn(cmd.command, cmd.args, { stdio: ['pipe', 'pipe', 'inherit'] });
  let buf = '';
  let onReady: () => void;
  const ready = new Promise<void>((r) => (onReady = r));
  const result = new Promise<{ ids: number[]; busyRetries: number; blocks: number }>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      if (buf.startsWith('ready\n')) onReady();
      const lines = buf.split('\n');
      if (lines.length > 2 && lines[1] !== '') resolve(JSON.parse(lines[1]));
    });
    child.once('exit', (code) => code !== 0 && reject(new Error(`creator exited ${code}`)));
  });
  return ready.then(() => ({ go: () => child.stdin.end('go\n'), result }));
}
