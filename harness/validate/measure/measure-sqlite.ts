// Seeds a real stage-1 SQLite file (targets/app) and measures its bytes per link and its indexed lookup latency.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { seedLinks } from '../../../targets/app/seed-links.ts';
import { openDatabase } from '../../../targets/app/sqlite-db.ts';
import { SqliteLinkStore } from '../../../targets/app/sqlite-link-store.ts';
import type { LatencySampleUs } from './latency-sample.ts';
import { measureSqliteLookup } from './measure-lookup-latency.ts';
import { MEASURE_URL_PREFIX } from './sample-url.ts';

export interface SqliteMeasurement {
  links: number;
  /** (file size seeded − file size empty) / links: row, unique code index and page slack. */
  bytesPerLink: number;
  fileBytes: number;
  urlBytes: number;
  lookup: LatencySampleUs;
}

export function measureSqlite(runDir: string, n: number, lookups: number): SqliteMeasurement {
  const dbPath = join(runDir, 'validate-links.db');
  openDatabase(dbPath).close();
  const emptyBytes = statSync(dbPath).size;
  seedLinks(dbPath, n, { urlPrefix: MEASURE_URL_PREFIX, reset: true });
  const fileBytes = statSync(dbPath).size;
  const store = new SqliteLinkStore(dbPath);
  try {
    const lookup = measureSqliteLookup(store, n, lookups);
    return { links: n, bytesPerLink: (fileBytes - emptyBytes) / n, fileBytes, urlBytes: (MEASURE_URL_PREFIX + n).length, lookup };
  } finally {
    store.close();
  }
}
