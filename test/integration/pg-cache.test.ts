// Stage 2's shape on PostgreSQL: Redis cache-aside in front of an asynchronous store. A followed link is read from
// PostgreSQL once, then served from Redis; a deleted link stops redirecting.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisServerSpec } from '../../harness/services/redis-server.ts';
import { freePort } from '../../harness/supervisor/free-port.ts';
import { Supervisor } from '../../harness/supervisor/supervisor.ts';
import { startApp, type StartedApp } from '../../targets/app/start-app.ts';
import { freshDatabase, stopFilePostgres } from '../fixtures/pg-for-file.ts';

const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleladder-pg-cache-'));
const supervisor = new Supervisor({ runDir });
let app: StartedApp;

beforeAll(async () => {
  const redis = await supervisor.start(redisServerSpec({ port: await freePort(), runDir }));
  const { url } = await freshDatabase('cache');
  app = await startApp({ pgUrl: url, redisUrl: redis.url, adminToken: 'cache-token', stage: 2 });
});
afterAll(async () => {
  await app?.stop();
  await supervisor.stopAll();
  await stopFilePostgres();
  fs.rmSync(runDir, { recursive: true, force: true });
});

async function metric(series: string): Promise<number> {
  const text = await (await fetch(`${app.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(series + ' '));
  if (line === undefined) throw new Error(`no ${series} in /metrics`);
  return Number(line.slice(series.length + 1));
}

describe('Redis cache-aside over PostgreSQL', () => {
  it('given a link followed 5 times, when the cache is warm, then PostgreSQL was read once and Redis served the rest', async () => {
    const res = await fetch(`${app.url}/api/links`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"url":"https://example.org/cached"}' });
    expect(res.status).toBe(201);
    const { code } = (await res.json()) as { code: string };
    for (let i = 0; i < 5; i++) {
      const r = await fetch(`${app.url}/${code}`, { redirect: 'manual' });
      expect(r.status).toBe(302);
      expect(r.headers.get('location')).toBe('https://example.org/cached');
    }
    expect(await metric('scaleladder_pg_queries_total{target="primary",kind="read"}')).toBe(1);
    expect(await metric('scaleladder_cache_hits_total{layer="redis"}')).toBe(4);
    const del = await fetch(`${app.url}/api/links/${code}`, { method: 'DELETE', headers: { authorization: 'Bearer cache-token' } });
    expect(del.status).toBe(204);
    expect((await fetch(`${app.url}/${code}`, { redirect: 'manual' })).status).toBe(404);
  });
});
