// The app as a real child process: readiness line, a request, clean exit 0 on SIGTERM, exit 2 on bad arguments,
// and two processes serving and writing one database (the stage-3 shape), on SQLite and on PostgreSQL.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { encodeId } from '../../targets/app/codegen.ts';
import { seedLinks } from '../../targets/app/seed-links.ts';
import { seedPostgres } from '../../targets/app/seed-postgres.ts';
import { BACKENDS, freshDatabase, stopFilePostgres, type Backend } from '../fixtures/pg-for-file.ts';
import { nodeTsCommand } from '../../harness/services/node-ts-command.ts';

const READY = /^scaleladder-app listening on (http:\/\/127\.0\.0\.1:(\d+)) pid=(\d+)$/;
const dir = mkdtempSync(join(tmpdir(), 'scaleladder-app-server-'));
const children = new Set<ChildProcess>();

afterEach(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  children.clear();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterAll(stopFilePostgres);

/** Flags of a store seeded with n links: a SQLite file, or a fresh database on this file's PostgreSQL. */
async function seededStore(backend: Backend, name: string, n: number): Promise<string[]> {
  if (backend === 'sqlite') {
    const dbPath = join(dir, `${name}.sqlite`);
    seedLinks(dbPath, n, { reset: true });
    return ['--db', dbPath];
  }
  const { url } = await freshDatabase(name);
  await seedPostgres(url, n);
  return ['--pg-url', url];
}

interface Running {
  child: ChildProcess;
  url: string;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function run(args: string[], env: NodeJS.ProcessEnv = process.env) {
  // The way the harness starts it (services/app-process.ts): nodeTsCommand.
  const cmd = nodeTsCommand('targets/app/server.ts', args);
  const child = spawn(cmd.command, cmd.args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  children.add(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, stdout: () => out, stderr: () => err, exit };
}

async function start(args: string[], env?: NodeJS.ProcessEnv, timeoutMs = 20_000): Promise<Running> {
  const r = run(args, env);
  const deadline = Date.now() + timeoutMs;
  while (!r.stdout().includes('\n')) {
    if (r.child.exitCode !== null) throw new Error(`app exited with ${r.child.exitCode} before ready: ${r.stderr()}`);
    if (Date.now() > deadline) throw new Error(`app not ready after ${timeoutMs} ms (stderr: ${r.stderr()})`);
    await new Promise((res) => setTimeout(res, 20));
  }
  const m = READY.exec(r.stdout().split('\n')[0]);
  if (m === null) throw new Error(`unexpected first stdout line: ${JSON.stringify(r.stdout())}`);
  expect(Number(m[3])).toBe(r.child.pid);
  return { ...r, url: m[1] };
}

describe('targets/app/server.ts', () => {
  it.each(BACKENDS)('given valid flags on %s, when started, then it prints one ready line, serves, and exits 0 on SIGTERM', async (backend) => {
    const db = await seededStore(backend, 'one', 100);
    const app = await start(['--port', '0', ...db, '--admin-token', 'itest-token', '--instance-id', 'a1']);
    const health = await fetch(`${app.url}/healthz`);
    expect(health.status).toBe(200);
    expect(health.headers.get('x-upstream')).toBe('a1');
    const res = await fetch(`${app.url}/${encodeId(42)}`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('https://example.com/42');
    const del = await fetch(`${app.url}/${'api/links/' + encodeId(42)}`, { method: 'DELETE', headers: { authorization: 'Bearer itest-token' } });
    expect(del.status).toBe(204);
    app.child.kill('SIGTERM');
    expect(await app.exit).toEqual({ code: 0, signal: null });
    expect(app.stdout().trimEnd().split('\n')).toHaveLength(1);
  });

  it('given --redirect-status 301, when a code is requested, then 301; and SIGINT also exits 0', async () => {
    const dbPath = join(dir, 'perm.sqlite');
    seedLinks(dbPath, 10, { reset: true });
    const app = await start(['--port', '0', '--db', dbPath, '--redirect-status', '301']);
    expect((await fetch(`${app.url}/${encodeId(3)}`, { redirect: 'manual' })).status).toBe(301);
    app.child.kill('SIGINT');
    expect((await app.exit).code).toBe(0);
  });

  it("given --vary-user-agent and --cache-control '', when a code is requested, then Vary: User-Agent and no Cache-Control", async () => {
    const dbPath = join(dir, 'vary.sqlite');
    seedLinks(dbPath, 10, { reset: true });
    const app = await start(['--port', '0', '--db', dbPath, '--vary-user-agent', '--cache-control', '']);
    const res = await fetch(`${app.url}/${encodeId(3)}`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('vary')).toBe('User-Agent');
    expect(res.headers.has('cache-control')).toBe(false);
    app.child.kill('SIGTERM');
    expect((await app.exit).code).toBe(0);
  });

  it('given an env fallback for the admin token, when started without the flag, then the env token works', async () => {
    const dbPath = join(dir, 'env.sqlite');
    const app = await start(['--db', dbPath], { ...process.env, SCALELADDER_ADMIN_TOKEN: 'from-env-token' });
    const url = app.url;
    const created = (await (await fetch(`${url}/api/links`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"url":"https://example.org"}' })).json()) as { code: string };
    const del = await fetch(`${url}/api/links/${created.code}`, { method: 'DELETE', headers: { authorization: 'Bearer from-env-token' } });
    expect(del.status).toBe(204);
    app.child.kill('SIGTERM');
    expect((await app.exit).code).toBe(0);
  });

  it.each([
    ['an unknown flag', ['--bogus']],
    ['a non-numeric port', ['--port', 'eighty']],
    ['a port out of range', ['--port', '70000']],
    ['a redirect status other than 301/302', ['--redirect-status', '307']],
    ['a positional argument', ['extra']],
    ['a code key that does not match the seeded file', ['--db', join(dir, 'keyed.sqlite'), '--code-key', '7']],
    ['a --pg-url that is not a postgres URL', ['--pg-url', 'mysql://x@127.0.0.1/db']],
    ['a code key that does not match the seeded PostgreSQL database', ['--code-key', '7']],
  ])('given %s, when started, then one line on stderr, nothing on stdout, exit 2', async (what, args) => {
    if (args.includes('--code-key')) seedLinks(join(dir, 'keyed.sqlite'), 5, { reset: true });
    if (what.includes('PostgreSQL')) args = [...args, ...(await seededStore('postgres', 'keyed', 5))];
    const r = run(['--db', join(dir, 'bad.sqlite'), ...args]);
    const { code } = await r.exit;
    expect(code).toBe(2);
    expect(r.stdout()).toBe('');
    const lines = r.stderr().trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^scaleladder-app: /);
  });

  it.each(BACKENDS)('given two processes on one %s database, when both create links concurrently, then all succeed, codes are unique, and both serve all', async (backend) => {
    const db = await seededStore(backend, 'shared', 1000);
    const [a, b] = await Promise.all([
      start([...db, '--instance-id', 'p1']),
      start([...db, '--instance-id', 'p2']),
    ]);
    const createAt = async (base: string, i: number) => {
      const res = await fetch(`${base}/api/links`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: `https://example.org/${i}` }) });
      expect(res.status).toBe(201);
      return ((await res.json()) as { code: string }).code;
    };
    const codes = await Promise.all(Array.from({ length: 200 }, (_, i) => createAt(i % 2 === 0 ? a.url : b.url, i)));
    expect(new Set(codes).size).toBe(200);
    for (const code of [...codes.slice(0, 20), encodeId(1000)]) {
      for (const base of [a.url, b.url]) {
        expect((await fetch(`${base}/${code}`, { redirect: 'manual' })).status).toBe(302);
      }
    }
    a.child.kill('SIGTERM');
    b.child.kill('SIGTERM');
    expect((await a.exit).code).toBe(0);
    expect((await b.exit).code).toBe(0);
  });
});
