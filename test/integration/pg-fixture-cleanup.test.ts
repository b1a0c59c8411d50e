// The per-file PostgreSQL fixture must not outlive its test worker: a worker SIGKILLed mid-file (a timeout, a crashed
// pool) leaves no postmaster running and no run folder behind; the fixture's watcher stops exactly the server it started.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../fixtures/proc-spec.ts';
import { runNode } from '../fixtures/proc-node.ts';

const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const FIXTURE = pathToFileURL(join(repoRoot, 'test/fixtures/pg-for-file.ts')).href;

/** True while `pid` runs (a zombie does not: this VM's init does not reap orphans). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
  } catch {
    return false;
  }
}

async function until(ok: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (ok()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return ok();
}

describe('test/fixtures/pg-for-file.ts', () => {
  it('given its worker SIGKILLed while the server runs, then the postmaster stops and the run folder is removed', async () => {
    // A stand-in worker: boots the fixture's server, prints its data directory, and waits to be killed.
    const code = `const m = await import(${JSON.stringify(FIXTURE)}); const pg = await m.filePostgres(); console.log(pg.dataDir); setInterval(() => {}, 1000);`;
    const worker = await runNode(code, ['--import', TSX, '--input-type=module']);
    let postmaster = 0;
    let dataDir = '';
    try {
      dataDir = await Promise.race([worker.nextLine(), new Promise<string>((_, rej) => setTimeout(() => rej(new Error('no server in 45 s')), 45_000))]);
      postmaster = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      expect(running(postmaster)).toBe(true);
      //       expect(existsSync(join(dirname(dataDir), 'fixture-owner.pid'))).toBe(true);
    } finally {
      worker.kill(); // SIGKILL: no afterAll, no exit hook
    }
    // The watcher polls each second, then a fast shutdown (up to 10 s before it escalates).
    expect(await until(() => !running(postmaster), 20_000), `postmaster ${postmaster} still running`).toBe(true);
    expect(await until(() => !existsSync(dirname(dataDir)), 5_000), `${dirname(dataDir)} left behind`).toBe(true);
  }, 90_000);
});
