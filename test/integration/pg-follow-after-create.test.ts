// The read-your-writes hazard measured end to end: the open-model driver creates links and follows each at once
// (workload followAfterCreate) against an app on a real PostgreSQL primary with one streaming replica. Without the
// fix, follows that reach the replica before the new row 404; with --read-your-writes fix, none do, and the cost is
// one primary read per replica miss.
//
// On an idle loopback box a replica replays a commit in about a millisecond, so a follow a few ms after its 201 often
// finds the row, and lag 404s come and go with the box's load (a busy bench step here: 42 of 81 follows 404'd; an idle
// 1 s step: 0 of 40). The test makes the lag certain instead of hoping for it: its replica applies each commit 1 s
// after the primary (recovery_min_apply_delay, bench's --replica-delay), far longer than a follow takes (on this
// shared box, creates took 170 ms at the median: a 150 ms delay let a third of the follows through).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openModelDriver } from '../../harness/drivers/open-model/open-model-driver.ts';
import { postgresVersion } from '../../harness/services/postgres-binaries.ts';
import { normalizeWorkload } from '../../loadtests/workload/workload-config.ts';
import { appProcessSpec } from '../../harness/services/app-process.ts';
import { pgAppFlagArgs } from '../../harness/services/postgres-app-flags.ts';
import { Supervisor } from '../../harness/supervisor/supervisor.ts';
import { filePostgres, freshDatabase, stopFilePostgres } from '../fixtures/pg-for-file.ts';

const hasPg = postgresVersion() !== null;
/** The replica applies each commit this late: far beyond a follow's round trip, even on a busy shared box. */
const DELAY_MS = 1000;
let db: { url: string; replicaUrls: string[] };
const runDir = mkdtempSync(join(tmpdir(), 'sl-pg-follow-'));
// The apps are child processes: in this process the driver's precise sleeps would stall their event loop.
const supervisor = new Supervisor({ runDir });

type Mode = 'measure' | 'fix' | 'fix-age';
const apps: Partial<Record<Mode, string>> = {};

beforeAll(async () => {
  if (!hasPg) return;
  await filePostgres(1, DELAY_MS);
  db = await freshDatabase('follow');
  // Both apps boot at once (a Node app takes seconds to start on a busy box).
  await Promise.all(
    (['measure', 'fix', 'fix-age'] as const).map(async (mode) => {
      // fix-age: the configured delay is the bound's floor, as bench passes --replica-delay.
      const flags = pgAppFlagArgs({ url: db.url, replicaUrls: db.replicaUrls, pool: 4, readYourWrites: mode, ...(mode === 'fix-age' ? { lagBoundMs: DELAY_MS } : {}) });
      const svc = await supervisor.start(appProcessSpec({ name: `follow-${mode}`, adminToken: 'follow', extraArgs: flags }));
      apps[mode] = svc.url!;
    }),
  );
}, 60_000);
afterAll(async () => {
  await supervisor.stopAll();
  await stopFilePostgres();
  rmSync(runDir, { recursive: true, force: true });
});

async function metric(base: string, series: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(series + ' '));
  if (line === undefined) throw new Error(`no ${series} in /metrics`);
  return Number(line.slice(series.length + 1));
}

/** One second of creates only, every one followed at once. */
async function createAndFollow(mode: Mode) {
  const app = { url: apps[mode]! };
  const m = await openModelDriver.runStep({
    baseUrl: app.url,
    rate: 40,
    durationS: 1,
    connections: 8,
    workload: normalizeWorkload({ readWriteRatio: 0, followAfterCreate: 1 }),
    codes: ['unused'],
    timeoutMs: 5000,
    threads: 1,
    streamId: { measure: 1, fix: 2, 'fix-age': 3 }[mode],
  });
  return { app, m };
}

describe.skipIf(!hasPg)('create-then-follow on a primary with one replica (needs the postgresql package)', () => {
  it('given no fix, when every create is followed at once, then they 404 and the app counts the same lag 404s', async () => {
    const { app, m } = await createAndFollow('measure');
    expect(m.statusCounts['201']).toBe(40);
    expect(m.follows?.sent).toBe(40);
    expect(m.byEndpoint.follow.totalCount).toBe(40);
    const notFound = m.follows!.notFound;
    // Nearly all: only a follow later than the delay could find the row.
    expect(notFound).toBeGreaterThanOrEqual(30);
    expect(m.statusCounts['404']).toBe(notFound);
    // A follow's 404 is a failure the user saw, not an expected answer.
    expect(m.errors['unexpected-status']).toBe(notFound);
    // The app's background check on the primary confirms each of them was replica lag (the row existed).
    const deadline = Date.now() + 5000;
    while ((await metric(app.url, 'scaleladder_pg_replica_stale_404s_total')) < notFound && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(await metric(app.url, 'scaleladder_pg_replica_stale_404s_total')).toBe(notFound);
  }, 30_000);

  it('given --read-your-writes fix, when every create is followed at once, then no follow 404s and each replica miss cost one primary read', async () => {
    const { app, m } = await createAndFollow('fix');
    expect(m.follows?.sent).toBe(40);
    expect(m.follows?.notFound).toBe(0);
    expect(m.statusCounts['404'] ?? 0).toBe(0);
    const misses = await metric(app.url, 'scaleladder_pg_replica_misses_total');
    expect(await metric(app.url, 'scaleladder_pg_replica_fallbacks_total')).toBe(misses);
    expect(await metric(app.url, 'scaleladder_pg_replica_fallback_hits_total')).toBe(misses);
    expect(await metric(app.url, 'scaleladder_pg_queries_total{target="primary",kind="read"}')).toBe(misses);
  }, 30_000);

  it('given --read-your-writes fix-age with the delay as its floor, when every create is followed at once, then no follow 404s, each follow read the primary as a young code without touching a replica, and once older than the bound a code reads the replica', async () => {
    const { app, m } = await createAndFollow('fix-age');
    expect(m.follows?.sent).toBe(40);
    expect(m.follows?.notFound).toBe(0);
    expect(m.statusCounts['404'] ?? 0).toBe(0);
    // The bound: the 1 s floor (or the replay lag the app measured, which includes the delay) plus the 100 ms margin.
    expect(await metric(app.url, 'scaleladder_pg_lag_bound_ms')).toBeGreaterThanOrEqual(DELAY_MS + 100);
    expect(await metric(app.url, 'scaleladder_pg_young_primary_reads_total')).toBe(40);
    expect(await metric(app.url, 'scaleladder_pg_replica_misses_total')).toBe(0);
    expect(await metric(app.url, 'scaleladder_pg_queries_total{target="replica",kind="read"}')).toBe(0);
    expect(await metric(app.url, 'scaleladder_pg_age_probes_total')).toBeGreaterThan(0);
    // Once the codes are older than the bound (and the replica has them), a lookup goes to the replica.
    const code = (await (await fetch(`${app.url}/api/links`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: 'https://example.org/aged' }) })).json()) as { code: string };
    const bound = await metric(app.url, 'scaleladder_pg_lag_bound_ms');
    await new Promise((r) => setTimeout(r, bound + 400));
    const res = await fetch(`${app.url}/${code.code}`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(await metric(app.url, 'scaleladder_pg_queries_total{target="replica",kind="read"}')).toBe(1);
    expect(await metric(app.url, 'scaleladder_pg_young_primary_reads_total')).toBe(40);
  }, 30_000);
});
