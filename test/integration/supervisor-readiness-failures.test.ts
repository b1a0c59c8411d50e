// Readiness failures with real processes: never ready, crash on start, port taken, missing binary — each a one-line UserError, nothing left running.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../../harness/errors/user-error.ts';
import { registeredGroups } from '../../harness/supervisor/child-registry.ts';
import { freePort } from '../../harness/supervisor/free-port.ts';
import { Supervisor } from '../../harness/supervisor/supervisor.ts';
import { Wait } from '../../harness/supervisor/wait.ts';
import { isRunning } from '../fixtures/proc-alive.ts';
import { fixtureSpec } from '../fixtures/proc-spec.ts';

let runDir: string;
let supervisor: Supervisor;

beforeEach(() => {
  runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleladder-sup-'));
  supervisor = new Supervisor({ runDir });
});
afterEach(async () => {
  await supervisor.stopAll();
  fs.rmSync(runDir, { recursive: true, force: true });
});

/** Starts `spec`, expecting a UserError, and returns it. */
async function startExpectingError(spec: Parameters<Supervisor['start']>[0]): Promise<UserError> {
  const err = await supervisor.start(spec).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UserError);
  return err as UserError;
}

describe('given a fixture that never prints its ready line', () => {
  it('when the readiness timeout passes, then a one-line UserError names the ms and the last log lines, and the child is gone', async () => {
    const before = registeredGroups();
    const t0 = Date.now();
    const err = await startExpectingError(
      fixtureSpec('proc-never-ready.ts', { name: 'app-1', ready: Wait.forLogLine(/listening/), readyTimeoutMs: 1_500 }),
    );
    const took = Date.now() - t0;

    expect(err.message).toMatch(/^app-1: not ready after 1500 ms waiting for log line \/listening\//);
    expect(err.message).toContain('still booting');
    expect(err.message).toContain(path.join(runDir, 'logs', 'app-1.log'));
    expect(err.message).not.toContain('\n');
    expect(err.timedOut).toBe(true);
    expect(took).toBeGreaterThanOrEqual(1_500);
    expect(took).toBeLessThan(1_500 + 4_000);
    expect(registeredGroups()).toEqual(before);
    expect(supervisor.services()).toEqual([]);
  });

  it('when waiting on an HTTP check with no port known, then the timeout message says what it waited for', async () => {
    const err = await startExpectingError(
      fixtureSpec('proc-never-ready.ts', { name: 'app-2', ready: Wait.forHttp('/healthz'), readyTimeoutMs: 800 }),
    );
    expect(err.message).toMatch(/^app-2: not ready after 800 ms waiting for HTTP 2xx from GET \/healthz/);
  });
});

describe('given a fixture that crashes on start', () => {
  it('when started, then the UserError carries its exit code and stderr line, well before the timeout', async () => {
    const t0 = Date.now();
    const err = await startExpectingError(
      fixtureSpec('proc-crash-on-start.ts', { name: 'app-1', ready: Wait.forLogLine(/listening/), readyTimeoutMs: 20_000 }),
    );

    expect(err.message).toMatch(/^app-1: exited before ready after \d+ ms \(exit code 3; last log lines: .*fatal: config file \/nonexistent\/app\.conf not found/);
    expect(err.timedOut).toBe(false);
    expect(Date.now() - t0).toBeLessThan(10_000);
  });
});

describe('given a port that is already taken', () => {
  it('when the child fails with EADDRINUSE, then the UserError says which port is in use and what to do', async () => {
    const port = await freePort();
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const err = await startExpectingError(
        fixtureSpec('proc-ready-line.ts', { name: 'app-1', port, env: { PORT: String(port) }, ready: Wait.forHttp('/healthz') }),
      );
      expect(err.message).toMatch(new RegExp(`^app-1: port ${port} is already in use \\(exit code 1; .*\\): stop whatever holds it or choose another port`));
      expect(err.message).not.toContain('\n');
    } finally {
      blocker.close();
    }
  });
});

describe('given a command that is not installed', () => {
  it('when started, then the UserError names the binary and the package, and nothing was spawned', async () => {
    const err = await startExpectingError({
      name: 'redis',
      role: 'cache',
      command: 'redis-server',
      args: [],
      env: { PATH: '/nonexistent-bin' },
      ready: Wait.forLogLine(/Ready to accept/),
    });
    expect(err.message).toBe("redis-server not found on PATH: install it with 'apt-get install redis-server' (or run 'scaleladder doctor')");
    expect(fs.existsSync(path.join(runDir, 'logs', 'redis.log'))).toBe(false);
  });
});

describe('given a service being started when the run stops', () => {
  it('when stopAll is called during readiness, then start rejects at once and the child is gone', async () => {
    const starting = supervisor.start(fixtureSpec('proc-never-ready.ts', { name: 'slow', ready: Wait.forLogLine(/listening/), readyTimeoutMs: 30_000 }));
    const failed = starting.then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    // Let it spawn and log.
    const logFile = path.join(runDir, 'logs', 'slow.log');
    for (let i = 0; i < 200 && !(fs.existsSync(logFile) && fs.readFileSync(logFile, 'utf8').includes('booting')); i++) await new Promise((r) => setTimeout(r, 25));
    const pid = Number(/pid (\d+)/.exec(fs.readFileSync(logFile, 'utf8'))?.[1] ?? NaN);
    const t0 = Date.now();
    await supervisor.stopAll();
    const err = await failed;

    expect(err).toBeInstanceOf(UserError);
    expect(err?.message).toBe('slow: stopped before it was ready (the run is shutting down)');
    expect(Date.now() - t0).toBeLessThan(5_000);
    if (Number.isFinite(pid)) expect(isRunning(pid)).toBe(false);
  });
});

describe('given stopAll called while a child is still being spawned', () => {
  it('when the spawn completes, then the new child is stopped at once and start rejects', async () => {
    const starting = supervisor.start(fixtureSpec('proc-ready-line.ts', { name: 'late', ready: Wait.forLogLine(/listening/) }));
    await supervisor.stopAll();
    await expect(starting).rejects.toThrow('late: stopped before it was ready (the run is shutting down)');
    expect(supervisor.services()).toEqual([]);
    expect(registeredGroups()).toEqual([]);
  });
});

describe('given a program that goes to the background (exits 0 at once)', () => {
  it('when started, then the UserError says to run it in the foreground', async () => {
    const err = await startExpectingError(
      fixtureSpec('proc-crash-on-start.ts', { name: 'daemon', env: { EXIT_CODE: '0' }, ready: Wait.forLogLine(/listening/) }),
    );
    expect(err.message).toMatch(/^daemon: exited with code 0 before ready after \d+ ms, as if it went to the background: run it in the foreground \(nginx -g 'daemon off;'/);
  });
});
