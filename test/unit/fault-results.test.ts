// Faults and the timeline in the results: they validate against the schema (old results still do), and render one line each.
import { describe, expect, it } from 'vitest';
import { validateResult } from '../../harness/results/validate-result.ts';
import type { FaultRecord } from '../../harness/results/result-types.ts';
import { renderBench } from '../../harness/render/render-bench.ts';
import { renderFaultLine } from '../../harness/render/render-faults.ts';
import { syntheticResult } from '../helpers/synthetic-result.ts';

const kill: FaultRecord = {
  kind: 'kill-app',
  target: 'app-1',
  atMs: 1002.4,
  pid: 4242,
  detail: 'SIGKILL to app-1 (pid 4242) behind the balancer; restarted on port 31000 1.5 s later',
  events: [
    { atMs: 1002.4, what: 'SIGKILL to app-1 (pid 4242)' },
    { atMs: 2950, what: 'app-1 ready again (pid 4300)' },
  ],
  outcome: { clientErrors: 3, errorRateDuring: 0.0021, impactMs: 997.6, downMs: 1947.6, servingAgainMs: 3100, createP99Us: 4200 },
  notes: ['a note'],
};

describe('faults in the results', () => {
  it('given a step with a timeline and a fault record, then the result validates; without them it still does', () => {
    const r = syntheticResult([1000, 2000]);
    expect(validateResult(r).ok).toBe(true);
    r.steps[0].timeline = [
      { second: 0, completed: 100, errors: 0, p99Us: 900 },
      { second: 1, completed: 97, errors: 3, p99Us: 2100 },
    ];
    r.steps[0].faults = [kill];
    const v = validateResult(r);
    expect(v.ok ? 'ok' : v.problem).toBe('ok');
  });

  it('given a fault record with a non-numeric outcome, then validation names it', () => {
    const r = syntheticResult([1000]);
    r.steps[0].faults = [{ ...kill, outcome: { clientErrors: 'three' as unknown as number } }];
    const v = validateResult(r);
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.problem).toMatch(/faults\/0\/outcome/);
  });

  it('renders one line per fault, times in seconds and latencies in ms', () => {
    const line = renderFaultLine('10k', kill);
    expect(line).toBe(
      '10k: fault kill-app app-1 (pid 4242) at 1.00 s: clientErrors=3, errorRateDuring=0.21 %, impact=1.00 s, down=1.95 s, servingAgain=3.10 s, createP99=4.20 ms (a note)',
    );
    const r = syntheticResult([1000]);
    r.steps[0].faults = [kill];
    expect(renderBench(r)).toContain(renderFaultLine('1k', kill));
  });
});
