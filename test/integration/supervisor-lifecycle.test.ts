// Supervisor lifecycle with real processes: ready-line capture, stop, port release, idempotent stop, stopAll order.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Supervisor } from '../../harness/supervisor/supervisor.ts';
import { freePort } from '../../harness/supervisor/free-port.ts';
import { registeredGroups } from '../../harness/supervisor/child-registry.ts';
import { Wait } from '../../harness/supervisor/wait.ts';
import { canBind, isRunning } from '../fixtures/proc-alive.ts';
import { fixtureSpec } from '../fixtures/proc-spec.ts';

const readyLine = Wait.forLogLine(/listening on (\S+)/);
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

describe('given a fixture that prints its URL in a ready line', () => {
  it('when started, then url and port come from the line, and after stop the process is gone and the port is free', async () => {
    const svc = await supervisor.start(fixtureSpec('proc-ready-line.ts', { name: 'web', ready: readyLine }));

    expect(svc.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(svc.port).toBe(Number(new URL(svc.url!).port));
    expect(svc.readyMs).toBeGreaterThan(0);
    expect(isRunning(svc.pid)).toBe(true);
    expect(await canBind(svc.port!)).toBe(false);
    const res = await fetch(`${svc.url}/healthz`);
    expect(res.status).toBe(200);

    await svc.stop();

    expect(() => process.kill(svc.pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
    expect(await canBind(svc.port!)).toBe(true);
    expect(registeredGroups()).not.toContain(svc.pid);
    const log = fs.readFileSync(path.join(runDir, 'logs', 'web.log'), 'utf8');
    expect(log).toContain('listening on http://127.0.0.1:');
    expect(svc.logFile).toBe(path.join(runDir, 'logs', 'web.log'));
  });

  it('when stop() is called twice (even concurrently), then both resolve and the exit is recorded once', async () => {
    const svc = await supervisor.start(fixtureSpec('proc-ready-line.ts', { name: 'web', ready: readyLine }));

    const [a, b] = [svc.stop(), svc.stop()];
    await Promise.all([a, b]);
    await svc.stop();

    expect(svc.stopRequested).toBe(true);
    expect(await svc.exited).toEqual({ code: 0, signal: null });
    expect(supervisor.services()).toHaveLength(0);
  });

  it('when disposed with `await using`, then it is stopped at the end of the block', async () => {
    let pid = 0;
    {
      await using svc = await supervisor.start(fixtureSpec('proc-ready-line.ts', { name: 'web', ready: readyLine }));
      pid = svc.pid;
      expect(isRunning(pid)).toBe(true);
    }
    expect(isRunning(pid)).toBe(false);
  });
});

describe('given a port chosen by the caller and an HTTP readiness check', () => {
  it('when started with Wait.forHttp, then it is ready once /healthz answers 200 and url is derived from the port', async () => {
    const port = await freePort();
    const svc = await supervisor.start(
      fixtureSpec('proc-ready-line.ts', { name: 'api', port, env: { PORT: String(port), READY_DELAY_MS: '300' }, ready: Wait.forHttp('/healthz') }),
    );

    expect(svc.port).toBe(port);
    expect(svc.url).toBe(`http://127.0.0.1:${port}`);
    expect(svc.readyMs).toBeGreaterThanOrEqual(300);
  });

  it('when combined with Wait.all(log line, http, port), then every condition holds when start resolves', async () => {
    const svc = await supervisor.start(
      fixtureSpec('proc-ready-line.ts', { name: 'api', ready: Wait.all(readyLine, Wait.forHttp('/healthz', { status: 200 })) }),
    );
    const res = await fetch(`${svc.url}/healthz`);
    expect(res.status).toBe(200);
  });
});

describe('given several services', () => {
  it('when stopAll runs, then they stop in reverse start order, all are gone, and a second stopAll is a no-op', async () => {
    const names = ['db', 'app-1', 'app-2', 'balancer'];
    const started = [];
    for (const name of names) started.push(await supervisor.start(fixtureSpec('proc-ready-line.ts', { name, ready: readyLine })));
    expect(supervisor.services().map((s) => s.name)).toEqual(names);

    const exitOrder: string[] = [];
    for (const s of started) void s.exited.then(() => exitOrder.push(s.name));
    await supervisor.stopAll();
    await supervisor.stopAll();

    expect(exitOrder).toEqual([...names].reverse());
    for (const s of started) expect(isRunning(s.pid)).toBe(false);
    for (const s of started) expect(await canBind(s.port!)).toBe(true);
    expect(supervisor.services()).toEqual([]);
  });

  it('when a ready child dies on its own, then onUnexpectedExit reports it, but not for children we stop', async () => {
    const seen: { name: string; signal: string | null }[] = [];
    supervisor.onUnexpectedExit((svc, _code, signal) => seen.push({ name: svc.name, signal }));
    const victim = await supervisor.start(fixtureSpec('proc-ready-line.ts', { name: 'victim', ready: readyLine }));
    const calm = await supervisor.start(fixtureSpec('proc-ready-line.ts', { name: 'calm', ready: readyLine }));

    process.kill(victim.pid, 'SIGKILL');
    await victim.exited;
    await calm.stop();
    await new Promise((r) => setTimeout(r, 50));

    expect(seen).toEqual([{ name: 'victim', signal: 'SIGKILL' }]);
  });

  it('when a name is reused while the first is running, then start refuses it', async () => {
    await supervisor.start(fixtureSpec('proc-ready-line.ts', { name: 'dup', ready: readyLine }));
    await expect(supervisor.start(fixtureSpec('proc-ready-line.ts', { name: 'dup', ready: readyLine }))).rejects.toThrow(/already in use/);
  });
});
