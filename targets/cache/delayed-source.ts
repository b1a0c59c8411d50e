// An emulated network round trip in front of the source of truth: each cache-miss read waits `delayMs` first (burning no
// CPU), the seed's "40 ms" database on the network, where in-process SQLite answers in microseconds.
import { setTimeout as sleep } from 'node:timers/promises';
import type { LinkSource } from './link-source.ts';

export function delayedSource<L>(source: LinkSource<L>, delayMs: number): LinkSource<L> {
  if (!(delayMs > 0)) return source;
  return { getByCode: async (code) => (await sleep(delayMs), source.getByCode(code)) };
}
