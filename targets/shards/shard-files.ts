// Where a sharded store keeps its files: one SQLite file per shard plus a small id-sequence file, all in one folder.
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { shardName } from './shard-placement.ts';

export function shardFile(dir: string, i: number): string {
  return join(dir, `${shardName(i)}.sqlite`);
}

/** The id-block sequence and the layout (K, vnodes, code key) every process must agree on. */
export function sequenceFile(dir: string): string {
  return join(dir, 'ids.sqlite');
}

/** Deletes every shard file, the sequence file and their -wal/-shm, so a seed starts at id 1. */
export function removeShardFiles(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const n of names) if (/^(shard-\d+|ids)\.sqlite(-wal|-shm)?$/.test(n)) rmSync(join(dir, n), { force: true });
}
