// `make test` on a machine without the system packages, not root and without passwordless sudo: it stops at once with
// system-deps' one line (packages and command) instead of running the suite into dozens of failures.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findOnPath } from '../../harness/measure/find-binary.ts';
import { repoRoot } from '../fixtures/proc-spec.ts';
import { runCommand } from '../helpers/run-command.ts';

const dir = mkdtempSync(join(tmpdir(), 'scaleladder-fresh-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('make test on a fresh machine where it cannot install', () => {
  it('stops before the typecheck and the suite, with one line naming every package and the install command', async () => {
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    // dpkg knows no package, id says uid 1000, there is no sudo; npx and tsc are absent too, so reaching the suite would fail fast.
    writeFileSync(join(bin, 'dpkg'), '#!/bin/sh\nexit 1\n');
    writeFileSync(join(bin, 'id'), '#!/bin/sh\necho 1000\n');
    writeFileSync(join(bin, 'apt-get'), '#!/bin/sh\necho "apt-get must not run" >&2\nexit 99\n');
    for (const f of ['dpkg', 'id', 'apt-get']) chmodSync(join(bin, f), 0o755);
    for (const tool of ['make', 'bash', 'node']) {
      const real = findOnPath(tool);
      if (real === undefined) throw new Error(`${tool} not found on PATH`);
      symlinkSync(real, join(bin, tool));
    }
    const r = await runCommand('make', ['--no-print-directory', 'test'], {
      cwd: repoRoot,
      env: { PATH: bin, HOME: dir, SYSTEM_DEPS_PG_ROOT: join(dir, 'no-postgresql') },
      timeoutMs: 60_000,
    });
    expect(r.status).not.toBe(0);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toBe(
      "system-deps: missing redis-server redis-tools nginx haproxy chromium postgresql util-linux; install them as root: sudo sh -c 'apt-get update && apt-get install -y redis-server redis-tools nginx haproxy chromium postgresql util-linux'",
    );
    expect(lines.slice(1).join('\n')).toMatch(/^make: \*\*\* \[Makefile:\d+: system-deps\] Error 1$/);
    expect(r.stdout).toBe('');
  });
});
