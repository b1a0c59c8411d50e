// Perf probe of seeding: N links (default 1,000,000) into a fresh temp SQLite file; prints links/s and total ms.
// Usage: node --import tsx harness/perf/seed-perf.ts [--links 1000000] [--keep]
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { encodeId } from '../../targets/app/codegen.ts';
import { SqliteLinkStore } from '../../targets/app/sqlite-link-store.ts';
import { seedLinks } from '../../targets/app/seed-links.ts';

const { values } = parseArgs({ options: { links: { type: 'string', default: '1000000' }, keep: { type: 'boolean', default: false } } });
const n = Number(values.links);
if (!Number.isSafeInteger(n) || n < 1) {
  console.error(`seed-perf: --links must be a positive integer, got "${values.links}"`);
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), 'scaleladder-seed-perf-'));
const dbPath = join(dir, 'links.sqlite');
try {
  const r = seedLinks(dbPath, n, { reset: true });
  const bytes = statSync(dbPath).size;
  // Spot check: the last seeded code resolves (the harness relies on codes = encodeId(first..last)).
  const store = new SqliteLinkStore(dbPath);
  const ok = store.getByCode(encodeId(r.last))?.url === `https://example.com/${r.last}`;
  store.close();
  console.log(`seed: ${n} links in ${r.ms.toFixed(0)} ms = ${Math.round((n / r.ms) * 1000)} links/s; file ${(bytes / 2 ** 20).toFixed(1)} MiB; last code resolves: ${ok ? 'yes' : 'NO'}`);
  if (values.keep) console.log(`kept ${dbPath}`);
  if (!ok) process.exitCode = 1;
} finally {
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
}
