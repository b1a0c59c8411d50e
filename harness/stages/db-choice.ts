// --db sqlite|postgres as a composition edit: postgres replaces the stage's SQLite file; a stage with shards gets K PostgreSQL servers.
import { UserError } from '../errors/user-error.ts';
import type { ComponentId } from './components.ts';

export const DB_BACKENDS = ['sqlite', 'postgres'] as const;
export type DbBackend = (typeof DB_BACKENDS)[number];

export function parseDb(text: string | undefined): DbBackend {
  if (text === undefined) return 'sqlite';
  if (!(DB_BACKENDS as readonly string[]).includes(text)) throw new UserError(`--db must be sqlite or postgres (got "${text}")`);
  return text as DbBackend;
}

/**
 * The --with list for a backend (postgres added unless given already). Every part of a stage works on both backends
 * (stage 5 keeps its shards, one PostgreSQL server each, and its write-behind clicks, one multi-row UPDATE per flush
 * and server), so there is no notice today; `notice` is where a part a backend cannot run would be said in one line.
 */
export function withDatabase(_stage: number, db: DbBackend, add: readonly ComponentId[], _remove: readonly ComponentId[] = []): { add: ComponentId[]; notice?: string } {
  if (db === 'sqlite' || add.includes('postgres')) return { add: [...add] };
  return { add: [...add, 'postgres'] };
}
