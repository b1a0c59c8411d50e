// Seeds N links into a PostgreSQL database before the apps boot: one COPY of ids first..last with their codes, the
// unique index rebuilt once on an empty table, the id sequence moved past them. Same options and result as seedLinks.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import postgres from 'postgres';
import { DEFAULT_CODE_KEY, MAX_ID, encodeId } from './codegen.ts';
import { ensurePgSchema, redactPgUrl } from './pg-schema.ts';
import type { SeedOptions, SeedResult } from './seed-links.ts';

/** Rows per chunk written to the COPY stream. */
const ROWS_PER_CHUNK = 4096;

/** `reset` empties the table and restarts the id sequence, so ids start at 1 (no file to delete here). */
export async function seedPostgres(url: string, n: number, options: SeedOptions = {}): Promise<SeedResult> {
  const { codeKey = DEFAULT_CODE_KEY, urlPrefix = 'https://example.com/', reset = false, createdAt = Date.now() } = options;
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`number of links must be a non-negative integer, got ${n}`);
  if (/[\t\n\r\\]/.test(urlPrefix)) throw new RangeError('urlPrefix must not contain tabs, newlines or backslashes (COPY text format)');
  const started = performance.now();
  const sql = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    if (reset) {
      // DROP rather than TRUNCATE: the meta row (code key) goes too, so a reset can change the key.
      await sql.unsafe('DROP TABLE IF EXISTS links; DROP SEQUENCE IF EXISTS links_id_seq; DROP TABLE IF EXISTS meta;');
    }
    await ensurePgSchema(sql, codeKey, redactPgUrl(url));
    let first = 0;
    let last = 0;
    await sql.begin(async (tx) => {
      await tx`LOCK TABLE links IN EXCLUSIVE MODE`;
      const [{ seq, empty }] = await tx<{ seq: number; empty: boolean }[]>`
        SELECT GREATEST((SELECT last_value FROM links_id_seq WHERE is_called), (SELECT COALESCE(max(id), 0) FROM links))::float8 AS seq,
               NOT EXISTS (SELECT 1 FROM links) AS empty`;
      const base = seq ?? 0;
      first = base + 1;
      last = base + n;
      if (last > MAX_ID) throw new RangeError(`cannot seed ${n} links after id ${base}: ids above ${MAX_ID} have no code`);
      if (n === 0) return;
      // On an empty table, building the unique index once after the load is far faster than maintaining it.
      if (empty) await tx`DROP INDEX IF EXISTS links_code`;
      const copy = await tx`COPY links (id, code, url, created_at) FROM STDIN`.writable();
      await pipeline(Readable.from(rows(first, last, codeKey, urlPrefix, createdAt)), copy);
      if (empty) await tx`CREATE UNIQUE INDEX IF NOT EXISTS links_code ON links(code)`;
      await tx`SELECT setval('links_id_seq', ${last})`;
    });
    await sql`ANALYZE links`;
    return { first, last, ms: performance.now() - started };
  } finally {
    await sql.end({ timeout: 5 });
  }
}

function* rows(first: number, last: number, codeKey: number, urlPrefix: string, createdAt: number): Generator<string> {
  for (let id = first; id <= last; id += ROWS_PER_CHUNK) {
    const end = Math.min(last, id + ROWS_PER_CHUNK - 1);
    let chunk = '';
    for (let i = id; i <= end; i++) chunk += `${i}\t${encodeId(i, codeKey)}\t${urlPrefix}${i}\t${createdAt}\n`;
    yield chunk;
  }
}
