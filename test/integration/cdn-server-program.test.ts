// targets/cdn/cdn-server.ts as a real child process: one ready line, serves through, exit 0 on SIGTERM; bad flags exit 2
// with one line on stderr.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { nodeTsCommand } from '../../harness/services/node-ts-command.ts';
import { cdnRequest } from '../fixtures/cdn-client.ts';
import { startFixtureOrigin, type FixtureOrigin } from '../fixtures/cdn-origin.ts';

const READY = /^scaleladder-cdn listening on (http:\/\/127\.0\.0\.1:(\d+)) pid=(\d+)$/;
const children = new Set<ChildProcess>();
let origin: FixtureOrigin;

beforeAll(async () => {
  origin = await startFixtureOrigin();
});
afterAll(() => origin.close());
afterEach(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  children.clear();
});

function run(args: string[]) {
  const cmd = nodeTsCommand('targets/cdn/cdn-server.ts', args);
  const child = spawn(cmd.command, cmd.args, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exit };
}

describe('cdn-server.ts', () => {
  it('given valid flags, when started, then it prints one ready line, serves through the origin, and exits 0 on SIGTERM', async () => {
    const r = run(['--origin', origin.url, '--port', '0', '--pops', 'eu,us,ap', '--region-rtt', 'eu=5,us=40,ap=120', '--shield', '--shield-rtt', '20', '--origin-rtt', '80', '--max-bytes', '64mb', '--purge-token', 'T']);
    const deadline = Date.now() + 20_000;
    while (!r.stdout().includes('\n')) {
      if (r.child.exitCode !== null) throw new Error(`exited ${r.child.exitCode}: ${r.stderr()}`);
      if (Date.now() > deadline) throw new Error(`not ready: ${r.stderr()}`);
      await new Promise((res) => setTimeout(res, 20));
    }
    const lines = r.stdout().trim().split('\n');
    expect(lines).toHaveLength(1);
    const m = READY.exec(lines[0]);
    expect(m).not.toBeNull();
    expect(Number(m![3])).toBe(r.child.pid);
    const miss = await cdnRequest(m![1], '/through', { region: 'ap' });
    expect(miss).toMatchObject({ status: 200, cache: 'MISS', pop: 'ap', body: 'body of /through #1' });
    expect(miss.ms).toBeGreaterThanOrEqual(215);
    expect((await cdnRequest(m![1], '/through', { region: 'ap' })).cache).toBe('HIT');
    r.child.kill('SIGTERM');
    expect(await r.exit).toBe(0);
  });

  it.each([
    [['--origin', 'http://127.0.0.1:1', '--bogus'], /Unknown option '--bogus'/],
    [['--port', '0'], /--origin is required/],
    [['--origin', 'ftp://x'], /must be http/],
    [['--origin', 'http://127.0.0.1:1', '--max-bytes', 'lots'], /--max-bytes must be a size/],
    [['--origin', 'http://127.0.0.1:1', '--region-rtt', 'eu=fast'], /--region-rtt/],
    [['--origin', 'http://127.0.0.1:1', '--pops', 'eu', '--default-pop', 'us'], /default PoP 'us'/],
  ])('given %j, then exit 2 with one line on stderr', async (args, message) => {
    const r = run(args as string[]);
    expect(await r.exit).toBe(2);
    const err = r.stderr().trim().split('\n');
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^scaleladder-cdn: /);
    expect(err[0]).toMatch(message as RegExp);
    expect(r.stdout()).toBe('');
  });
});
