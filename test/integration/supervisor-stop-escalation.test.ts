// Stopping stubborn children: SIGKILL after the grace period, and the whole process group (grandchildren too) gone.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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

describe('given a child that ignores SIGTERM', () => {
  it('when stopped with a 700 ms grace, then it is killed by SIGKILL after the grace and is gone', async () => {
    const svc = await supervisor.start(fixtureSpec('proc-ignores-sigterm.ts', { name: 'stubborn', ready: Wait.forLogLine(/^ready/), stopGraceMs: 700 }));

    const t0 = Date.now();
    await svc.stop();
    const took = Date.now() - t0;

    expect(await svc.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(took).toBeGreaterThanOrEqual(650);
    expect(took).toBeLessThan(700 + 4_000);
    expect(isRunning(svc.pid)).toBe(false);
    expect(fs.readFileSync(svc.logFile, 'utf8')).toContain('got SIGTERM, ignoring it');
  });
});

describe('given a child that spawns a grandchild', () => {
  const grandchildPid = (logFile: string): number => Number(/grandchild (\d+)/.exec(fs.readFileSync(logFile, 'utf8'))?.[1]);

  it('when stopped, then the grandchild is gone too (the signal went to the process group)', async () => {
    const svc = await supervisor.start(fixtureSpec('proc-spawns-grandchild.ts', { name: 'forker', ready: Wait.forLogLine(/^ready/) }));
    const gpid = grandchildPid(svc.logFile);
    expect(isRunning(gpid)).toBe(true);

    await svc.stop();

    expect(isRunning(svc.pid)).toBe(false);
    expect(isRunning(gpid)).toBe(false);
  });

  it('when the grandchild ignores SIGTERM and the parent exits, then SIGKILL after the grace still reaches the grandchild', async () => {
    const svc = await supervisor.start(
      fixtureSpec('proc-spawns-grandchild.ts', { name: 'forker', env: { GRANDCHILD_IGNORES_SIGTERM: '1' }, ready: Wait.forLogLine(/^ready/), stopGraceMs: 500 }),
    );
    const gpid = grandchildPid(svc.logFile);

    const t0 = Date.now();
    await svc.stop();

    expect(await svc.exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(450);
    expect(isRunning(gpid)).toBe(false);
  });
});
