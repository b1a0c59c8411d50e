// Write-through click counting: the cache increment and the DB write both happen before the redirect is answered; a cache
// failure is counted and never fails the redirect; the app's flags and config refuse contradictory click modes.
import { describe, expect, it } from 'vitest';
import { clickMetricsText } from '../../targets/analytics/click-metrics.ts';
import { WriteThroughClickSink } from '../../targets/analytics/write-through-sink.ts';
import type { CacheRedis } from '../../targets/cache/redis-client.ts';
import { resolveAppConfig } from '../../targets/app/config.ts';
import { newStoreStats, StoreBusyError, type LinkStore } from '../../targets/app/link-store.ts';
import { ArgsError, parseServerArgs } from '../../targets/app/server-args.ts';
import { appFlagArgs } from '../../harness/services/app-flags.ts';
import { composeStage } from '../../harness/stages/stage-definitions.ts';

/** A Redis double whose INCR settles when the test says so. */
function fakeRedis() {
  const calls: string[] = [];
  const pending: { resolve: () => void; reject: (e: Error) => void }[] = [];
  let disconnects = 0;
  const redis = {
    incr: (key: string) => {
      calls.push(key);
      return new Promise<number>((resolve, reject) => pending.push({ resolve: () => resolve(calls.length), reject }));
    },
    disconnect: () => void disconnects++,
  } as unknown as CacheRedis;
  return { redis, calls, pending, disconnects: () => disconnects };
}

function fakeStore(fail?: Error) {
  const clicks: [number, string | undefined][] = [];
  const store = {
    stats: newStoreStats(),
    recordClick(id: number, code?: string) {
      if (fail) throw fail;
      clicks.push([id, code]);
    },
  } as unknown as LinkStore;
  return { store, clicks };
}

const settled = async (p: Promise<unknown>) => {
  let done = false;
  void p.then(() => (done = true), () => (done = true));
  await new Promise((r) => setImmediate(r));
  return done;
};

describe('WriteThroughClickSink', () => {
  it('given a click, then the DB write is done at once and the answer waits for the Redis INCR of clicks:<code>', async () => {
    const r = fakeRedis();
    const s = fakeStore();
    const sink = new WriteThroughClickSink({ store: s.store, redis: r.redis });
    const p = sink.record(7, 'abc1234');
    expect(s.clicks).toEqual([[7, 'abc1234']]);
    expect(r.calls).toEqual(['clicks:abc1234']);
    expect(await settled(p)).toBe(false);
    r.pending[0].resolve();
    await p;
    expect(sink.stats.cacheWrites).toBe(1);
    expect(sink.mode).toBe('write-through');
    expect(sink.writeBehind).toBe(false);
  });

  it('given Redis failing, then the redirect is still answered, the failure is counted and reported, and the DB has the click', async () => {
    const r = fakeRedis();
    const s = fakeStore();
    const errors: unknown[] = [];
    const sink = new WriteThroughClickSink({ store: s.store, redis: r.redis, onCacheError: (e) => errors.push(e) });
    const p = sink.record(1, 'a');
    r.pending[0].reject(new Error('Connection is closed.'));
    await expect(p).resolves.toBeUndefined();
    expect(sink.stats).toMatchObject({ cacheWriteFailures: 1 });
    expect(sink.stats.cacheWrites ?? 0).toBe(0);
    expect(errors).toHaveLength(1);
    expect(s.clicks).toHaveLength(1);
    expect(clickMetricsText(sink.stats, false, true)).toContain('scaleladder_click_cache_write_failures_total 1');
    expect(clickMetricsText(sink.stats, false, true)).toContain('scaleladder_click_write_through 1');
  });

  it('given the DB refusing (busy past its budget), then the redirect fails with that error once the cache write settled', async () => {
    const r = fakeRedis();
    const s = fakeStore(new StoreBusyError(5000));
    const sink = new WriteThroughClickSink({ store: s.store, redis: r.redis });
    const p = sink.record(1, 'a');
    r.pending[0].resolve();
    await expect(p).rejects.toBeInstanceOf(StoreBusyError);
  });

  it('close() drops the connection once, however often it is called', () => {
    const r = fakeRedis();
    const sink = new WriteThroughClickSink({ store: fakeStore().store, redis: r.redis });
    sink.close();
    sink.close();
    expect(r.disconnects()).toBe(1);
  });
});

describe('choosing how clicks are written', () => {
  it('given --write-through, then the app writes through and not behind, also at stage 5', () => {
    const c = parseServerArgs(['--write-through', '--redis-url', 'redis://127.0.0.1:6379', '--stage', '5']);
    expect(c).toMatchObject({ writeThrough: true, writeBehind: false });
    expect(resolveAppConfig(c)).toMatchObject({ writeThrough: true, writeBehind: false });
    expect(resolveAppConfig({ stage: 5, writeThrough: true, redisUrl: 'redis://h:1' }).writeBehind).toBe(false);
  });

  it('refuses two click modes at once, and write-through without Redis, in one line', () => {
    expect(() => parseServerArgs(['--write-through', '--write-behind'])).toThrow(ArgsError);
    expect(() => parseServerArgs(['--write-through', '--sync-clicks'])).toThrow(/--write-through and --sync-clicks contradict/);
    expect(() => resolveAppConfig({ writeThrough: true })).toThrow(/writeThrough needs redisUrl/);
    expect(() => resolveAppConfig({ writeThrough: true, writeBehind: true, redisUrl: 'redis://h:1' })).toThrow(/give one/);
  });

  it('the write-through component needs a Redis, replaces write-behind, and sets the app flag', () => {
    expect(() => composeStage(1, ['write-through'])).toThrow(/write-through needs redis or redis-cluster/);
    const s5 = composeStage(5, ['write-through']);
    expect(s5.has('write-through') && !s5.has('write-behind')).toBe(true);
    expect(composeStage(3, ['write-behind']).has('write-through')).toBe(false);
    expect(appFlagArgs({ stage: 3, redisUrl: 'redis://h:1', writeBehind: false, writeThrough: true })).toContain('--write-through');
    expect(appFlagArgs({ stage: 3, redisUrl: 'redis://h:1', writeBehind: false, writeThrough: true })).not.toContain('--sync-clicks');
  });
});
