// The links schema on PostgreSQL (the SQLite schema's twin) and the code-key check, run once per connection pool.
// Several apps open the same database at once, so setup runs under a transaction-scoped advisory lock.
import type postgres from 'postgres';
import { DEFAULT_CODE_KEY, encodeId } from './codegen.ts';
import { CodeKeyMismatchError } from './sqlite-db.ts';

/** Ids come from links_id_seq (never reused after a delete, like SQLite's AUTOINCREMENT); codes compare bytewise. */
export const PG_SCHEMA = `
CREATE SEQUENCE IF NOT EXISTS links_id_seq;
CREATE TABLE IF NOT EXISTS links (
  id         bigint PRIMARY KEY DEFAULT nextval('links_id_seq'),
  code       text COLLATE "C" NOT NULL,
  url        text   NOT NULL,
  created_at bigint NOT NULL,            -- Unix epoch ms
  clicks     bigint NOT NULL DEFAULT 0
);
ALTER SEQUENCE links_id_seq OWNED BY links.id;
CREATE UNIQUE INDEX IF NOT EXISTS links_code ON links(code);
CREATE TABLE IF NOT EXISTS meta (key text PRIMARY KEY, value text NOT NULL);
`;

/** Arbitrary constant: the advisory lock every opener takes while creating the schema. */
const SETUP_LOCK = 0x5ca1e;
const KEY_CHECK = 'code_of_id_1';

/** Creates the schema if missing and checks that the database's codes were made with `codeKey` (else CodeKeyMismatchError). */
export async function ensurePgSchema(sql: postgres.Sql, codeKey: number = DEFAULT_CODE_KEY, label = 'postgres'): Promise<void> {
  const fingerprint = encodeId(1, codeKey);
  await sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(${SETUP_LOCK})`;
    await tx.unsafe(PG_SCHEMA);
    const rows = await tx<{ value: string }[]>`SELECT value FROM meta WHERE key = ${KEY_CHECK}`;
    if (rows.length === 0) await tx`INSERT INTO meta(key, value) VALUES (${KEY_CHECK}, ${fingerprint})`;
    else if (rows[0].value !== fingerprint) throw new CodeKeyMismatchError(label);
  });
}

/** The URL without credentials, for messages. */
export function redactPgUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//');
}
