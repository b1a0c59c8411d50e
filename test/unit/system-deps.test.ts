// scripts/system-deps on a fake system: stand-in dpkg, apt-get, id and sudo on PATH decide what is installed and who we are.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../fixtures/proc-spec.ts';

const SCRIPT = join(repoRoot, 'scripts/system-deps');
const ALL = ['redis-server', 'redis-tools', 'nginx', 'haproxy', 'chromium', 'postgresql', 'util-linux'];

interface FakeSystem {
  /** Packages dpkg reports as installed. */
  installed: string[];
  uid?: number;
  /** Whether `sudo -n` works without a password. */
  sudo?: boolean;
  aptFails?: boolean;
  /** Create <pgRoot>/15/bin/postgres (Debian's server binaries, off PATH). */
  pgBinaries?: boolean;
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function script(file: string, body: string): void {
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
}

/** Runs the real script with the fake tools first on PATH; returns its output and the fake apt-get/sudo calls. */
function run(sys: FakeSystem, args: string[] = [], env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'scaleladder-sysdeps-'));
  dirs.push(dir);
  const bin = join(dir, 'bin');
  const pgRoot = join(dir, 'postgresql');
  mkdirSync(bin);
  const calls = join(dir, 'calls.log');
  const installed = sys.installed.length ? sys.installed.join('|') : 'none-installed';
  script(join(bin, 'dpkg'), `case "$2" in ${installed}) echo "Package: $2"; echo "Status: install ok installed"; exit 0;; esac\nexit 1`);
  script(join(bin, 'apt-get'), `echo "apt-get $*" >> '${calls}'\n${sys.aptFails ? 'echo "E: Unable to locate package" >&2; exit 100' : 'exit 0'}`);
  script(join(bin, 'id'), `echo ${sys.uid ?? 0}`);
  if (sys.sudo !== undefined) script(join(bin, 'sudo'), `echo "sudo $*" >> '${calls}'\n${sys.sudo ? '[ "$1" = -n ] && shift; exec "$@"' : 'exit 1'}`);
  if (sys.pgBinaries) {
    mkdirSync(join(pgRoot, '15', 'bin'), { recursive: true });
    script(join(pgRoot, '15', 'bin', 'postgres'), 'exit 0');
  }
  // No real sudo behind the fake dir: PATH is the fake bin plus the basics (env, rm, true), never /usr/bin/sudo.
  const basics = join(dir, 'basics');
  mkdirSync(basics);
  for (const tool of ['env', 'rm', 'true']) {
    const real = ['/usr/bin', '/bin'].map((d) => join(d, tool)).find((f) => existsSync(f));
    if (real) script(join(basics, tool), `exec ${real} "$@"`);
  }
  const r = spawnSync('/bin/bash', [SCRIPT, ...args], {
    encoding: 'utf8',
    env: { PATH: `${bin}:${basics}`, SYSTEM_DEPS_PG_ROOT: pgRoot, TMPDIR: dir, ...env },
  });
  const log = existsSync(calls) ? readFileSync(calls, 'utf8').trim().split('\n') : [];
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, calls: log };
}

describe('scripts/system-deps', () => {
  it('given every package installed, then it exits 0 silently and installs nothing', () => {
    const r = run({ installed: ALL });
    expect(r).toMatchObject({ status: 0, stdout: '', stderr: '', calls: [] });
  });

  it('given root and missing packages, then one line names them, apt-get update runs once, then apt-get install -y of exactly those', () => {
    const r = run({ installed: ['nginx', 'haproxy', 'util-linux'] });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('system-deps: installing redis-server redis-tools chromium postgresql\n');
    expect(r.stderr).toBe('');
    expect(r.calls).toEqual(['apt-get update -qq', 'apt-get install -y -qq redis-server redis-tools chromium postgresql']);
  });

  it('given a non-root user with passwordless sudo, then it installs through sudo -n', () => {
    const r = run({ installed: ALL.filter((p) => p !== 'redis-server'), uid: 1000, sudo: true });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('system-deps: installing redis-server (through sudo)\n');
    expect(r.calls).toEqual([
      'sudo -n true',
      'sudo -n env DEBIAN_FRONTEND=noninteractive apt-get update -qq',
      'apt-get update -qq',
      'sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server',
      'apt-get install -y -qq redis-server',
    ]);
  });

  it('given a non-root user whose sudo asks for a password, then it stops at once with one line: the packages and the exact command', () => {
    const r = run({ installed: ['redis-server', 'redis-tools', 'chromium', 'postgresql', 'util-linux'], uid: 1000, sudo: false });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      "system-deps: missing nginx haproxy; install them as root: sudo sh -c 'apt-get update && apt-get install -y nginx haproxy'\n",
    );
    expect(r.calls).toEqual(['sudo -n true']);
  });

  it('given a non-root user and no sudo at all, then the same one line and no apt-get', () => {
    const r = run({ installed: [], uid: 1000 });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`missing ${ALL.join(' ')}`);
    expect(r.calls).toEqual([]);
  });

  it('given apt-get failing, then one line says so with the command to run, exit 1', () => {
    const r = run({ installed: ALL.filter((p) => p !== 'chromium'), aptFails: true });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^system-deps: apt-get failed installing chromium \(log: .+\); run it yourself: apt-get update && apt-get install -y chromium\n$/);
  });

  it("given Debian's PostgreSQL binaries in /usr/lib/postgresql/<major>/bin but no postgresql package, then postgresql counts as installed", () => {
    const r = run({ installed: ALL.filter((p) => p !== 'postgresql'), pgBinaries: true });
    expect(r).toMatchObject({ status: 0, stdout: '', calls: [] });
  });

  it('given --report (make bench), then one line on stderr names what is missing, nothing is installed, exit 0', () => {
    const r = run({ installed: ALL.filter((p) => p !== 'redis-server' && p !== 'redis-tools') }, ['--report']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('system-deps: missing redis-server redis-tools; stages that need them are skipped (install: apt-get update && apt-get install -y redis-server redis-tools)\n');
    expect(r.calls).toEqual([]);
  });

  it('given --status (doctor), then one "package installed|missing" line per package', () => {
    const r = run({ installed: ALL.filter((p) => p !== 'haproxy') }, ['--status']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual(ALL.map((p) => `${p} ${p === 'haproxy' ? 'missing' : 'installed'}`));
  });

  it('given SYSTEM_DEPS_DRY_RUN=1, then it prints the apt-get commands and runs none', () => {
    const r = run({ installed: ALL.filter((p) => p !== 'nginx') }, [], { SYSTEM_DEPS_DRY_RUN: '1' });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      'system-deps: installing nginx\n' +
        'system-deps: would run: env DEBIAN_FRONTEND=noninteractive apt-get update -qq\n' +
        'system-deps: would run: env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx\n',
    );
    expect(r.calls).toEqual([]);
  });

  it('given an unknown option, then exit 2 with the options it takes', () => {
    const r = run({ installed: ALL }, ['--frobnicate']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("unknown option '--frobnicate'");
  });
});
