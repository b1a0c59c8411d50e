// Seed 003's latency budget on this machine: a disk write (4 KiB + fsync), an in-process cache lookup (the apps' LRU),
// and what an emulated network hop really adds when the harness asks for one (setTimeout, as the CDN emulator does).
import { closeSync, fsyncSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { LocalLru } from '../../../targets/cache/local-lru.ts';
import { summarizeNs, type LatencySampleUs } from './latency-sample.ts';

/** `count` writes of 4 KiB, each followed by fsync, into a file of `dir` (the validate folder: say which disk it is on). */
export function measureDiskFsync(dir: string, count = 200): LatencySampleUs {
  const file = join(dir, 'fsync-probe.bin');
  const fd = openSync(file, 'w');
  const block = Buffer.alloc(4096, 7);
  const ns = new Float64Array(count);
  try {
    for (let i = 0; i < count; i++) {
      const t0 = process.hrtime.bigint();
      writeSync(fd, block, 0, block.length, i * block.length);
      fsyncSync(fd);
      ns[i] = Number(process.hrtime.bigint() - t0);
    }
  } finally {
    closeSync(fd);
    rmSync(file, { force: true });
  }
  return summarizeNs(ns);
}

/** Lookups of present keys in the apps' in-process LRU (10,000 entries). */
export function measureLocalLru(count = 20_000): LatencySampleUs {
  const lru = new LocalLru<string>({ maxEntries: 10_000, ttlMs: 60_000 });
  for (let i = 0; i < 10_000; i++) lru.set(`k${i}`, `https://example.com/${i}`);
  const ns = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const key = `k${(i * 7919) % 10_000}`;
    const t0 = process.hrtime.bigint();
    lru.get(key);
    ns[i] = Number(process.hrtime.bigint() - t0);
  }
  return summarizeNs(ns);
}

/** Delay actually observed when a hop of `hopMs` is emulated with setTimeout (Node rounds a delay below 1 ms up to 1 ms). */
export async function measureEmulatedHop(hopMs: number, count = 200): Promise<LatencySampleUs> {
  const ns = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const t0 = process.hrtime.bigint();
    await new Promise((r) => setTimeout(r, hopMs));
    ns[i] = Number(process.hrtime.bigint() - t0);
  }
  return summarizeNs(ns);
}
