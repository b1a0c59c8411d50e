// kill-app on stage 3 (nginx, two apps): app-1 is SIGKILLed mid-step and restarted on its port; the run goes on.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeBenchOptions } from '../../harness/bench/bench-options.ts';
import { runBench } from '../../harness/bench/run-bench.ts';
import { renderFaultLine } from '../../harness/render/render-faults.ts';
import { isRunning } from '../fixtures/proc-alive.ts';


describe('fault kill-app', () => {
  it('given app-1 killed at 1 s and restarted 1.5 s later, then the run completes, the kill is recorded with its pid, and app-1 serves again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sl-fault-kill-'));
    const { result } = await runBench(
      normalizeBenchOptions({
        stage: 3,
        resultsDir: dir,
        rate: 300,
        // Long enough that a slow restart on a loaded CI machine (tsx boot + nginx fail_timeout 2 s) still serves inside the step.
        stepDurationS: 10,
        warmupS: 1,
        seedLinks: 2000,
        pin: false,
        machineCpu: 'none',
        progress: false,
        topology: { balancer: 'nginx', appProcesses: 2 },
        faults: ['kill-app@1+1.5'],
      }),
    );
    expect(result.aborted).toBe(false);
    const s = result.steps[0];
    const f = s.faults![0];
    console.info(renderFaultLine(s.tier, f));
    const app1 = s.processes.find((p) => p.name === 'app-1')!;
    expect(f).toMatchObject({ kind: 'kill-app', target: 'app-1', pid: app1.pid });
    expect(f.atMs).toBeGreaterThanOrEqual(1000);
    expect(f.atMs).toBeLessThan(1500);
    // Errors are counted from the per-second timeline: the fault's share is part of the step's errors.
    expect(s.timeline!.length).toBeGreaterThanOrEqual(10);
    const stepErrors = Object.values(s.errors).reduce((a, b) => a + b, 0);
    expect(f.outcome.clientErrors).toBeGreaterThanOrEqual(0);
    expect(f.outcome.clientErrors).toBeLessThanOrEqual(stepErrors);
    expect(f.outcome.impactMs).toBeGreaterThanOrEqual(0);
    // nginx itself saw the dead app (and retried those requests elsewhere when it could).
    expect(f.outcome.balancerErrorsWhileDown).toBeGreaterThanOrEqual(1);
    // Back: restarted on the same port, then requests reach it again through nginx.
    expect(f.outcome.downMs).toBeGreaterThanOrEqual(1500);
    expect(f.outcome.servingAgainMs).toBeGreaterThan(f.outcome.downMs);
    const restartedPid = Number(/ready again \(pid (\d+)\)/.exec(f.events.map((e) => e.what).join('\n'))?.[1]);
    expect(restartedPid).toBeGreaterThan(0);
    expect(restartedPid).not.toBe(app1.pid);
    expect(f.events.some((e) => /serving again/.test(e.what))).toBe(true);
    // The step's counters stay sums over both apps across the restart (app-1's pre-kill counts added back).
    expect(s.figures.redirects).toBeGreaterThan(s.requests.completed * 0.5);
    for (const pid of [restartedPid, ...s.processes.map((p) => p.pid)]) expect(isRunning(pid)).toBe(false);
  }, 60_000);
});
