// The app on a PostgreSQL primary with two streaming replicas: lookups round-robin on the replicas, writes on the
// primary, and the read-your-writes hazard made certain by pausing replay: 'measure' serves and counts the lag 404,
// 'fix' reads the primary after the replica miss and redirects.
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type StartedApp } from '../../targets/app/start-app.ts';
import { filePostgres, freshDatabase, stopFilePostgres } from '../fixtures/pg-for-file.ts';

let db: { url: string; replicaUrls: string[] };
const apps: StartedApp[] = [];

beforeAll(async () => {
  await filePostgres(2);
  db = await freshDatabase('replicas');
});
afterAll(async () => {
  for (const a of apps) await a.stop();
  await stopFilePostgres();
});

async function app(readYourWrites: 'off' | 'measure' | 'fix'): Promise<StartedApp> {
  const a = await startApp({ pgUrl: db.url, pgReplicaUrls: db.replicaUrls, pgPool: 4, readYourWrites, instanceId: `ryw-${readYourWrites}` });
  apps.push(a);
  return a;
}

async function create(base: string, url: string): Promise<string> {
  const res = await fetch(`${base}/api/links`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url }) });
  expect(res.status).toBe(201);
  return ((await res.json()) as { code: string }).code;
}

async function metric(base: string, series: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(series + ' '));
  if (line === undefined) throw new Error(`no ${series} in /metrics`);
  return Number(line.slice(series.length + 1));
}

/** Waits until every replica has the code (replication caught up). */
async function replicated(code: string): Promise<void> {
  for (const u of db.replicaUrls) {
    const sql = postgres(u, { max: 1, onnotice: () => {} });
    try {
      const deadline = Date.now() + 20_000;
      while ((await sql`SELECT 1 FROM links WHERE code = ${code}`).length === 0) {
        if (Date.now() > deadline) throw new Error(`${code} never reached ${u}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    } finally {
      await sql.end();
    }
  }
}

/** Runs `fn` with WAL replay paused on every replica (they keep the rows they have and miss newer ones). */
async function withReplayPaused(fn: () => Promise<void>): Promise<void> {
  const conns = db.replicaUrls.map((u) => postgres(u, { max: 1, onnotice: () => {} }));
  try {
    for (const c of conns) await c`SELECT pg_wal_replay_pause()`;
    await fn();
  } finally {
    for (const c of conns) await c`SELECT pg_wal_replay_resume()`.catch(() => undefined);
    await Promise.all(conns.map((c) => c.end()));
  }
}

describe('read replicas', () => {
  it('given two replicas, when a replicated link is followed 10 times, then the reads go to the replicas and the click writes to the primary', async () => {
    const a = await app('measure');
    const code = await create(a.url, 'https://example.org/replicated');
    await replicated(code);
    const primaryReadsBefore = await metric(a.url, 'scaleladder_pg_queries_total{target="primary",kind="read"}');
    for (let i = 0; i < 10; i++) expect((await fetch(`${a.url}/${code}`, { redirect: 'manual' })).status).toBe(302);
    expect(await metric(a.url, 'scaleladder_pg_queries_total{target="replica",kind="read"}')).toBe(10);
    expect(await metric(a.url, 'scaleladder_pg_queries_total{target="primary",kind="read"}')).toBe(primaryReadsBefore);
    // Round-robin: each replica's pool served half.
    expect(await metric(a.url, 'scaleladder_pg_pool_queries_total{server="replica-1"}')).toBe(5);
    expect(await metric(a.url, 'scaleladder_pg_pool_queries_total{server="replica-2"}')).toBe(5);
    // create = nextval + insert, then 10 click updates.
    expect(await metric(a.url, 'scaleladder_pg_queries_total{target="primary",kind="write"}')).toBe(12);
    expect(await metric(a.url, 'scaleladder_pg_replica_misses_total')).toBe(0);
  });

  it('given replicas that lag, when a link is created and followed at once, then "measure" answers 404 and counts it, "fix" redirects and counts the fallback', async () => {
    const measure = await app('measure');
    const fix = await app('fix');
    await withReplayPaused(async () => {
      const code = await create(measure.url, 'https://example.org/fresh');
      const stale = await fetch(`${measure.url}/${code}`, { redirect: 'manual' });
      expect(stale.status).toBe(404);
      // The background check on the primary is counted shortly after the 404 is served.
      const deadline = Date.now() + 10_000;
      while ((await metric(measure.url, 'scaleladder_pg_replica_stale_404s_total')) < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(await metric(measure.url, 'scaleladder_pg_replica_stale_404s_total')).toBe(1);
      expect(await metric(measure.url, 'scaleladder_pg_replica_misses_total')).toBe(1);

      const fixed = await fetch(`${fix.url}/${code}`, { redirect: 'manual' });
      expect(fixed.status).toBe(302);
      expect(fixed.headers.get('location')).toBe('https://example.org/fresh');
      expect(await metric(fix.url, 'scaleladder_pg_replica_fallbacks_total')).toBe(1);
      expect(await metric(fix.url, 'scaleladder_pg_replica_fallback_hits_total')).toBe(1);
      expect(await metric(fix.url, 'scaleladder_pg_replica_stale_404s_total')).toBe(0);
      // A code that exists nowhere: 404 in both modes; the fix pays a primary read for it, the hit count does not move.
      expect((await fetch(`${fix.url}/zzzzzzz`, { redirect: 'manual' })).status).toBe(404);
      expect(await metric(fix.url, 'scaleladder_pg_replica_fallbacks_total')).toBe(2);
      expect(await metric(fix.url, 'scaleladder_pg_replica_fallback_hits_total')).toBe(1);
    });
  });
});
