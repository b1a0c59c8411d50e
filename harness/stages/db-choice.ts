// --db sqlite|postgres as a composition edit: postgres replaces the stage's SQLite file; a stage with shards gets K PostgreSQL servers.
import { UserError } from '../errors/user-error.ts';
import type { ComponentId } from './components.ts';
import { stageDefinition } from './stage-definitions.ts';

export const DB_BACKENDS = ['sqlite', 'postgres'] as const;
export type DbBackend = (typeof DB_BACKENDS)[number];

export function parseDb(text: string | undefined): DbBackend {
  if (text === undefined) return 'sqlite';
  if (!(DB_BACKENDS as readonly string[]).includes(text)) throw new UserError(`--db must be sqlite or postgres (got "${text}")`);
  return text as DbBackend;
}

/**
 * The --with list for a backend (postgres added unless given already), and one notice line when the stage loses a
 * part to it: stage 5's write-behind (the app refuses it on PostgreSQL). Shards stay: one PostgreSQL server per shard.
 */
export function withDatabase(stage: number, db: DbBackend, add: readonly ComponentId[], remove: readonly ComponentId[] = []): { add: ComponentId[]; notice?: string } {
  if (db === 'sqlite' || add.includes('postgres')) return { add: [...add] };
  const lost = stageDefinition(stage).components.filter((c) => c === 'write-behind' && !remove.includes(c) && !add.includes(c));
  const notice = lost.length ? `--db postgres: stage ${stage} runs without write-behind (clicks written synchronously: write-behind on PostgreSQL is not built yet)` : undefined;
  return { add: [...add, 'postgres'], ...(notice ? { notice } : {}) };
}
