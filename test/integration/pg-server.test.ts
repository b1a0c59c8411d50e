// startPostgres for real: a primary and a pg_basebackup replica under the Supervisor, run as an unprivileged user when
// the harness is root, a write replicated and its lag readable, and nothing left running after a supervisor stopAll,
// even with a client still connected.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresPids } from '../../harness/services/postgres-app-flags.ts';
import { readReplicaLag, startLagSampler } from '../../harness/services/postgres-lag.ts';
import { startPostgres } from '../../harness/services/postgres-server.ts';
import { Supervisor } from '../../harness/supervisor/supervisor.ts';

const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleladder-pg-server-'));
const supervisor = new Supervisor({ runDir });
afterAll(async () => {
  await supervisor.stopAll();
  fs.rmSync(runDir, { recursive: true, force: true });
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('startPostgres', () => {
  it('given one replica, when started, then both answer, the replica streams the primary\'s writes, lag is readable, and stopAll leaves nothing', async () => {
    const pg = await startPostgres({ supervisor, runDir, replicas: 1 });
    expect(pg.url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
    expect(pg.replicaUrls).toHaveLength(1);
    expect(pg.replicas[0].name).toBe('pg-replica-1');
    expect(pg.primary.role).toBe('db');
    expect(fs.existsSync(path.join(runDir, 'pg-pg', 'PG_VERSION'))).toBe(true);
    expect(fs.existsSync(path.join(runDir, 'pg-pg-replica-1', 'standby.signal'))).toBe(true);
    if (process.getuid?.() === 0) expect(fs.statSync(path.join(runDir, 'pg-pg')).uid).not.toBe(0);
    expect(fs.readFileSync(pg.primary.logFile, 'utf8')).toMatch(/ready to accept connections/);

    const primary = postgres(pg.url, { max: 1, onnotice: () => {} });
    const replica = postgres(pg.replicaUrls[0], { max: 1, onnotice: () => {} });
    const sampler = startLagSampler(pg.url, 50);
    try {
      expect((await primary`SELECT pg_is_in_recovery() AS r`)[0].r).toBe(false);
      expect((await replica`SELECT pg_is_in_recovery() AS r`)[0].r).toBe(true);
      await primary`CREATE TABLE t (x int)`;
      await primary`INSERT INTO t SELECT generate_series(1, 50000)`;
      const deadline = Date.now() + 20_000;
      let n = 0;
      while (Date.now() < deadline) {
        n = await replica`SELECT count(*)::int AS n FROM t`.then((r) => r[0].n as number, () => 0);
        if (n === 50_000) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(n).toBe(50_000);
      await expect(replica`INSERT INTO t VALUES (1)`).rejects.toThrow(/read-only/);
      const lag = await readReplicaLag(pg.url);
      expect(lag).toHaveLength(1);
      expect(lag[0]).toMatchObject({ name: 'pg-replica-1', state: 'streaming' });
      expect(lag[0].lagBytes).toBeGreaterThanOrEqual(0);
      await new Promise((r) => setTimeout(r, 300));
      const summary = sampler.take();
      expect(summary.samples).toBeGreaterThan(0);
      expect(summary.bytesMax).toBeGreaterThanOrEqual(summary.bytesP50);
    } finally {
      await sampler.stop();
      await primary.end();
      await replica.end();
    }
    expect(pg.timings.primaryReadyMs).toBeGreaterThan(0);
    expect(pg.timings.replicaReadyMs).toHaveLength(1);

    // The postmaster and its helpers (checkpointer, WAL writer, walsender…): what a machine budget must hold.
    const group = postgresPids(pg.primary);
    expect(group).toContain(pg.primary.pid);
    expect(group.length).toBeGreaterThanOrEqual(4);
    const pids = [...group, ...postgresPids(pg.replicas[0])];
    // A client still connected (an app the run has not stopped) must not hold the shutdown up nor leave backends behind.
    const holdout = postgres(pg.url, { max: 1, onnotice: () => {} });
    await holdout`SELECT 1`;
    const t0 = Date.now();
    await supervisor.stopAll();
    const stopMs = Date.now() - t0;
    expect(pids.filter(alive)).toEqual([]);
    expect(stopMs).toBeLessThan(4500); // the 5 s grace and SIGKILL were not needed
    await holdout.end({ timeout: 1 }).catch(() => undefined);
    const gone = postgres(pg.url, { max: 1, connect_timeout: 2, onnotice: () => {} });
    await expect(gone`SELECT 1`).rejects.toThrow();
    await gone.end({ timeout: 1 });
  });
});
