// The app's cache warmer (POST /api/ops/warm-cache) over a real redis-server: it writes the links it reads from its own
// store into Redis, so another process's first lookup is a Redis hit; bad input and missing rights get one clear answer.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisServerSpec } from '../../harness/services/redis-server.ts';
import { freePort } from '../../harness/supervisor/free-port.ts';
import { Supervisor } from '../../harness/supervisor/supervisor.ts';
import { startApp, type StartedApp } from '../../targets/app/start-app.ts';

const TOKEN = 'warm-test-token';
let dir: string;
let supervisor: Supervisor;
let warmer: StartedApp;
let reader: StartedApp;
let plain: StartedApp;
let layered: StartedApp;

const warm = (app: StartedApp, body: unknown, token: string | null = TOKEN) =>
  fetch(`${app.url}/api/ops/warm-cache`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
const metric = async (app: StartedApp, name: string) => {
  const text = await (await fetch(`${app.url}/metrics`)).text();
  return text.split('\n').filter((l) => l.startsWith(name)).map((l) => Number(l.split(' ').pop()));
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sl-warm-cache-'));
  supervisor = new Supervisor({ runDir: dir });
  const redis = await supervisor.start(redisServerSpec({ port: await freePort(), runDir: dir }));
  const dbPath = join(dir, 'links.sqlite');
  warmer = await startApp({ dbPath, adminToken: TOKEN, instanceId: 'w', redisUrl: redis.url! });
  reader = await startApp({ dbPath, adminToken: TOKEN, instanceId: 'r', redisUrl: redis.url! });
  plain = await startApp({ dbPath: join(dir, 'plain.sqlite'), adminToken: TOKEN, instanceId: 'p' });
  layered = await startApp({ dbPath, adminToken: TOKEN, instanceId: 'l', redisUrl: redis.url!, localLruSize: 100, localLruTtlMs: 60_000 });
}, 60_000);
afterAll(async () => {
  // Redis is stopped whatever happened to the apps (a throw here must not leave a redis-server behind).
  try {
    for (const a of [warmer, reader, plain, layered]) await a?.stop().catch(() => undefined);
  } finally {
    await supervisor?.stopAll();
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('POST /api/ops/warm-cache', () => {
  it('given codes in the store, then they land in Redis: the other app answers them without a DB read', async () => {
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${warmer.url}/api/links`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: `https://example.org/${i}` }) });
      codes.push(((await res.json()) as { code: string }).code);
    }
    const res = await warm(warmer, { codes: [...codes, 'nosuch1'] });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ warmed: 5, missing: 1 });
    const readsBefore = (await metric(reader, 'scaleladder_cache_db_reads_total')).reduce((a, b) => a + b, 0);
    for (const code of codes) {
      const r = await fetch(`${reader.url}/${code}`, { redirect: 'manual' });
      expect(r.status).toBe(302);
    }
    const readsAfter = (await metric(reader, 'scaleladder_cache_db_reads_total')).reduce((a, b) => a + b, 0);
    expect(readsAfter - readsBefore).toBe(0);
  });

  it('given {"layer": "local"}, then the app\'s own LRU answers those codes: no Redis lookup, no DB read', async () => {
    const codes: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${warmer.url}/api/links`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: `https://example.org/l${i}` }) });
      codes.push(((await res.json()) as { code: string }).code);
    }
    const res = await warm(layered, { codes, layer: 'local' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ warmed: 3, missing: 0 });
    const hits = async () => (await metric(layered, 'scaleladder_cache_hits_total{layer="local"}'))[0];
    const redisLookups = async () =>
      (await metric(layered, 'scaleladder_cache_hits_total{layer="redis"}'))[0] + (await metric(layered, 'scaleladder_cache_misses_total{layer="redis"}'))[0];
    const [hitsBefore, redisBefore] = [await hits(), await redisLookups()];
    for (const code of codes) expect((await fetch(`${layered.url}/${code}`, { method: 'HEAD', redirect: 'manual' })).status).toBe(302);
    expect((await hits()) - hitsBefore).toBe(3);
    expect((await redisLookups()) - redisBefore).toBe(0);
    // An app without a local LRU says so; an unknown layer is refused.
    const none = await warm(reader, { codes, layer: 'local' });
    expect(none.status).toBe(404);
    expect(((await none.json()) as { error: string }).error).toMatch(/no local LRU to warm/);
    expect((await warm(layered, { codes, layer: 'edge' })).status).toBe(400);
  });

  it('without the token, with a wrong one, with bad input or without Redis, then 401, 403, 400 and 404 say what to do', async () => {
    expect((await warm(warmer, { codes: [] }, null)).status).toBe(401);
    expect((await warm(warmer, { codes: [] }, 'nope')).status).toBe(403);
    const bad = await warm(warmer, { codes: ['not a code'] });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/send \{"codes": \[\.\.\.\]\} with up to 10000 valid codes/);
    expect((await warm(warmer, { codes: Array.from({ length: 10_001 }, () => 'abcdefg') })).status).toBe(400);
    const none = await warm(plain, { codes: ['abcdefg'] });
    expect(none.status).toBe(404);
    expect(((await none.json()) as { error: string }).error).toMatch(/no shared cache/);
  });
});
