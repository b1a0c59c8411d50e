// Write-behind click counting: clicks add up per link in memory, one transaction per shard per flush, failures kept pending.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ClickBatchWriter, ClickEntry } from '../../targets/analytics/click-batch.ts';
import { clickMetricsText } from '../../targets/analytics/click-metrics.ts';
import { syncClickSink } from '../../targets/analytics/click-sink.ts';
import { clickWriterFor } from '../../targets/analytics/click-writer-for.ts';
import { WriteBehindClickSink } from '../../targets/analytics/write-behind-sink.ts';
import { encodeId } from '../../targets/app/codegen.ts';
import { SqliteLinkStore } from '../../targets/app/sqlite-link-store.ts';
import { seedLinks } from '../../targets/app/seed-links.ts';
import { seedShards } from '../../targets/shards/seed-shards.ts';
import { ShardedLinkStore } from '../../targets/shards/sharded-link-store.ts';

const root = mkdtempSync(join(tmpdir(), 'scaleladder-clicks-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('WriteBehindClickSink', () => {
  it('given 1,000 clicks on 10 links, when flushed, then the writer gets 10 entries adding up to 1,000, and pending is 0', () => {
    const batches: ClickEntry[][] = [];
    const writer: ClickBatchWriter = { write: (e) => (batches.push([...e]), { written: e.reduce((a, x) => a + x.n, 0), failed: [] }) };
    const sink = new WriteBehindClickSink({ writer, timer: false });
    for (let i = 0; i < 1000; i++) sink.record(i % 10, `c${i % 10}`);
    expect(sink.stats).toMatchObject({ pending: 1000, pendingLinks: 10, flushes: 0 });
    sink.flush();
    expect(batches).toHaveLength(1);
    expect(batches[0]).toHaveLength(10);
    expect(batches[0].every((e) => e.n === 100 && e.code === `c${e.id}`)).toBe(true);
    expect(sink.stats).toMatchObject({ pending: 0, pendingLinks: 0, flushes: 1, flushed: 1000 });
    sink.flush(); // nothing pending: no empty batch
    expect(batches).toHaveLength(1);
  });

  it('given a batch the writer could not commit, then its clicks stay pending and merge with new ones for the next flush', () => {
    let fail = true;
    const seen: ClickEntry[][] = [];
    const writer: ClickBatchWriter = {
      write: (e) => {
        seen.push(e.map((x) => ({ ...x })));
        return fail ? { written: 0, failed: [...e], error: new Error('busy') } : { written: e.reduce((a, x) => a + x.n, 0), failed: [] };
      },
    };
    const errors: unknown[] = [];
    const sink = new WriteBehindClickSink({ writer, timer: false, onFlushError: (e) => errors.push(e) });
    sink.record(1, 'a');
    sink.record(1, 'a');
    sink.flush();
    expect(sink.stats).toMatchObject({ pending: 2, flushFailures: 1, flushed: 0 });
    expect(errors).toHaveLength(1);
    fail = false;
    sink.record(1, 'a');
    sink.close();
    expect(seen[1]).toEqual([{ id: 1, code: 'a', n: 3 }]);
    expect(sink.stats).toMatchObject({ pending: 0, flushed: 3 });
    sink.close(); // twice is fine
  });

  it('given a flush interval, then it flushes on its own timer', async () => {
    let written = 0;
    const sink = new WriteBehindClickSink({ writer: { write: (e) => ((written += e.reduce((a, x) => a + x.n, 0)), { written, failed: [] }) }, flushMs: 20 });
    sink.record(7, 'x');
    await new Promise((r) => setTimeout(r, 80));
    expect(written).toBe(1);
    sink.close();
  });

  it('rejects a flush interval that could not work, with the rule', () => {
    expect(() => new WriteBehindClickSink({ writer: { write: () => ({ written: 0, failed: [] }) }, flushMs: 0 })).toThrow(/flushMs must be an integer between 1/);
  });
});

describe('batch writers on real SQLite', () => {
  it('given one SQLite file, when a batch is written, then each link gets its count in one transaction', () => {
    const db = join(root, 'one.sqlite');
    seedLinks(db, 100, { reset: true });
    const store = new SqliteLinkStore(db);
    try {
      const sink = new WriteBehindClickSink({ writer: clickWriterFor(store, 1000), timer: false });
      for (let i = 0; i < 500; i++) sink.record((i % 5) + 1, encodeId((i % 5) + 1));
      sink.flush();
      for (let id = 1; id <= 5; id++) expect(store.getByCode(encodeId(id))?.clicks).toBe(100);
      expect(store.stats.recordClick).toBe(5); // 5 UPDATE statements, not 500
    } finally {
      store.close();
    }
  });

  it('given 4 shards, when a batch spans them, then each shard commits one transaction and every count lands', () => {
    const dir = join(root, 'sharded');
    seedShards(dir, 4, 1000, { reset: true });
    const store = new ShardedLinkStore(dir, 4);
    try {
      const sink = new WriteBehindClickSink({ writer: clickWriterFor(store, 1000), timer: false });
      for (let i = 0; i < 4000; i++) sink.record((i % 200) + 1, encodeId((i % 200) + 1));
      sink.flush();
      for (let id = 1; id <= 200; id++) expect(store.getByCode(encodeId(id))?.clicks).toBe(20);
      const perShard = store.shardCounters();
      expect(perShard.map((c) => c.transactions)).toEqual([1, 1, 1, 1]);
      expect(perShard.reduce((a, c) => a + c.writes, 0)).toBe(200);
      const text = clickMetricsText(sink.stats, true);
      expect(text).toContain('scaleladder_clicks_flushed_total 4000');
      expect(text).toContain('scaleladder_click_flushes_total 1');
      expect(text).toContain('scaleladder_clicks_pending 0');
    } finally {
      store.close();
    }
  });

  it('given the synchronous sink, then every click is one UPDATE at once (today’s behaviour)', () => {
    const db = join(root, 'sync.sqlite');
    seedLinks(db, 10, { reset: true });
    const store = new SqliteLinkStore(db);
    try {
      const sink = syncClickSink(store);
      sink.record(3, encodeId(3));
      sink.record(3, encodeId(3));
      expect(store.getByCode(encodeId(3))?.clicks).toBe(2);
      expect(store.stats.recordClick).toBe(2);
      expect(sink.writeBehind).toBe(false);
    } finally {
      store.close();
    }
  });
});
