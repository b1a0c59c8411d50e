// Write-through on a real app process, real redis-server and a real SQLite file: every acknowledged click is in Redis and in
// the DB before its 302, so a SIGKILL loses none (the write-behind side of this is write-behind-crash.test.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appProcessSpec } from '../../harness/services/app-process.ts';
import { redisServerSpec } from '../../harness/services/redis-server.ts';
import { sqliteClickTotal } from '../../harness/stages/sqlite-clicks.ts';
import { freePort } from '../../harness/supervisor/free-port.ts';
import type { StartedService } from '../../harness/supervisor/started-service.ts';
import { Supervisor } from '../../harness/supervisor/supervisor.ts';
import { encodeId } from '../../targets/app/codegen.ts';
import { seedLinks } from '../../targets/app/seed-links.ts';
import { createCacheRedis, redisReady } from '../../targets/cache/redis-client.ts';
import { driveRedirects } from '../helpers/drive-redirects.ts';

const root = mkdtempSync(join(tmpdir(), 'scaleladder-wt-crash-'));
const dbPath = join(root, 'links.sqlite');
const supervisor = new Supervisor({ runDir: root });
const agent = new Agent({ connections: 16, pipelining: 1 });
let redisUrl: string;
let redisPort: number;

beforeAll(async () => {
  seedLinks(dbPath, 200);
  redisPort = await freePort();
  redisUrl = (await supervisor.start(redisServerSpec({ port: redisPort, runDir: root }))).url!;
}, 30_000);
afterAll(async () => {
  await supervisor.stopAll();
  await agent.close();
  rmSync(root, { recursive: true, force: true });
});

function startApp(name: string, mode: '--write-through' | '--sync-clicks'): Promise<StartedService> {
  return supervisor.start(appProcessSpec({ name, dbPath, adminToken: 'wt-test-token', extraArgs: ['--stage', '3', '--redis-url', redisUrl, mode] }));
}

describe('write-through clicks across a crash', () => {
  it('given clicks flowing with --write-through, when the app is SIGKILLed, then Redis and the DB each hold every acknowledged click', async () => {
    const codes = Array.from({ length: 30 }, (_, i) => encodeId(i + 1));
    const before = sqliteClickTotal([dbPath]);
    const app = await startApp('app-wt', '--write-through');
    const drive = driveRedirects(app.url!, codes, agent);
    await new Promise((r) => setTimeout(r, 1500));
    process.kill(app.pid, 'SIGKILL');
    await app.exited;
    await drive.stop();
    await app.stop();
    const acked = [...drive.acks.values()].reduce((a, b) => a + b, 0);
    const stored = sqliteClickTotal([dbPath]) - before;
    const redis = createCacheRedis({ port: redisPort });
    expect(await redisReady(redis, 5000)).toBe(true);
    const cached = (await redis.mget(codes.map((c) => `clicks:${c}`))).reduce((a, v) => a + Number(v ?? 0), 0);
    redis.disconnect();
    console.log(`write-through SIGKILL: acknowledged ${acked}, in the DB ${stored}, in Redis ${cached}`);
    expect(acked).toBeGreaterThan(50);
    // A request in flight at the kill may be written and never answered: stored ≥ acked, never less.
    expect(stored).toBeGreaterThanOrEqual(acked);
    expect(stored - acked).toBeLessThanOrEqual(8);
    expect(cached).toBeGreaterThanOrEqual(acked);
    expect(cached - acked).toBeLessThanOrEqual(8);
  }, 60_000);

  it('given --sync-clicks, then /metrics shows no cache writes, and with --write-through one Redis write per redirect', async () => {
    const code = encodeId(150);
    for (const [name, mode, cacheWrites] of [['app-sync', '--sync-clicks', 0], ['app-wt2', '--write-through', 5]] as const) {
      const app = await startApp(name, mode);
      for (let i = 0; i < 5; i++) await (await request(`${app.url}/${code}`, { dispatcher: agent })).body.dump();
      const metrics = await (await request(`${app.url}/metrics`, { dispatcher: agent })).body.text();
      expect(metrics).toContain(`scaleladder_click_cache_writes_total ${cacheWrites}\n`);
      expect(metrics).toContain(`scaleladder_click_write_through ${cacheWrites > 0 ? 1 : 0}\n`);
      await app.stop();
    }
  }, 60_000);
});
