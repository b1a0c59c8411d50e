// `scaleladder doctor --stages` on machines missing tools: only stages that can boot on stdout, one line per skipped stage on stderr.
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findOnPath } from '../../harness/measure/find-binary.ts';
import { repoRoot } from '../fixtures/proc-spec.ts';
import { runCommand } from '../helpers/run-command.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A PATH holding node plus only the named system binaries (links to the real ones). */
function pathWith(binaries: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'scaleladder-doctor-'));
  dirs.push(dir);
  symlinkSync(process.execPath, join(dir, 'node'));
  for (const b of binaries) {
    const real = findOnPath(b);
    if (real === undefined) throw new Error(`${b} not found on PATH: run scripts/system-deps (make test does) to install it`);
    symlinkSync(real, join(dir, b));
  }
  return dir;
}

async function doctorStages(pathEnv: string) {
  const r = await runCommand(process.execPath, ['bin/scaleladder.mjs', 'doctor', '--stages'], { cwd: repoRoot, env: { ...process.env, PATH: pathEnv } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.trim().split('\n').filter(Boolean) };
}

describe('scaleladder doctor --stages', () => {
  it('given every tool, then all five stages and nothing on stderr', async () => {
    const r = await doctorStages(pathWith(['redis-server', 'redis-cli', 'nginx', 'haproxy']));
    expect(r).toEqual({ status: 0, stdout: '1 2 3 4 5\n', stderr: [] });
  });

  it('given no redis-server, then only stage 1, and each of stages 2-5 skipped in one line naming the binary and the package', async () => {
    const r = await doctorStages(pathWith(['redis-cli', 'nginx', 'haproxy']));
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('1\n');
    expect(r.stderr).toEqual([
      'scaleladder: stage 2 skipped: redis-server not found (install: apt-get install redis-server)',
      'scaleladder: stage 3 skipped: redis-server not found (install: apt-get install redis-server)',
      'scaleladder: stage 4 skipped: redis-server not found (install: apt-get install redis-server)',
      'scaleladder: stage 5 skipped: redis-server not found (install: apt-get install redis-server)',
    ]);
  });

  it('given redis-server and nginx but no redis-cli, then stages 1-4 and stage 5 skipped for redis-tools', async () => {
    const r = await doctorStages(pathWith(['redis-server', 'nginx']));
    expect(r.stdout).toBe('1 2 3 4\n');
    expect(r.stderr).toEqual(['scaleladder: stage 5 skipped: redis-cli not found (install: apt-get install redis-tools)']);
  });

  it('given no system tools at all, then the doctor report says which stage misses what', async () => {
    const r = await runCommand(process.execPath, ['bin/scaleladder.mjs', 'doctor'], { cwd: repoRoot, env: { ...process.env, PATH: pathWith([]) } });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^1\s+ready\s/m);
    expect(r.stdout).toMatch(/^2\s+missing redis-server\s/m);
    expect(r.stdout).toMatch(/^5\s+missing redis-server, redis-cli, nginx\s/m);
  });
});
