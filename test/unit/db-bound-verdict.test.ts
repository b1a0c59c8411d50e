// The verdict of the database-bound experiments (read-replicas, cache-vs-db): knees compared, and what broke at the base
// arm's confirmed failure decides whether the premise (the DB machine is the bottleneck) held.
import { describe, expect, it } from 'vitest';
import { breakStep, dbBoundVerdict, DB_BOUND_METRICS } from '../../harness/experiments/db-bound.ts';
import type { ArmValues } from '../../harness/experiments/experiment-types.ts';
import type { RunResult } from '../../harness/results/result-types.ts';

/** A run whose knee search passed at `knee` and failed (twice) at `failRate`, the failure using these machine shares. */
function run(knee: number, failRate: number | undefined, use: { db: number; app: number }): RunResult {
  const proc = (name: string, role: string, budget: number, share: number) => ({ name, role, budgetCores: budget, utilization: budget * share, cpuSeconds: budget * share * 3, rssPeakBytes: 0 });
  const failStep = {
    kind: 'knee',
    targetRate: failRate ?? knee * 2,
    processes: [proc('app-1', 'app', 0.25, use.app), proc('pg', 'db', 0.05, use.db)],
    figures: { pgPrimaryReadsPerRequest: 1 },
    slo: { pass: false, reasons: ['p99 300 ms ≥ 100 ms'] },
    bottleneck: 'pg CPU saturated',
  };
  const passStep = { ...failStep, targetRate: knee, slo: { pass: true, reasons: [] } };
  return {
    steps: [passStep, failStep, failStep],
    knee: {
      rate: knee,
      ...(failRate !== undefined ? { failRate } : {}),
      brokeBy: failRate !== undefined ? `at ${failRate} req/s: …` : 'inconclusive: noisy machine at 480 req/s: the knee is at least 240 req/s',
      slo: { p99Ms: 100, errorRate: 0.001 },
      probes: [
        { rate: knee, pass: true, p99Ms: 10, errorRate: 0, loadgenBound: false, step: 0 },
        { rate: failRate ?? knee * 2, pass: false, p99Ms: 300, errorRate: 0, loadgenBound: false, step: 1 },
        { rate: failRate ?? knee * 2, pass: false, p99Ms: 300, errorRate: 0, loadgenBound: false, repeat: true, step: 2 },
      ],
    },
  } as unknown as RunResult;
}

function arms(base: RunResult, fix: RunResult): ArmValues[] {
  const values = (r: RunResult) => Object.fromEntries(DB_BOUND_METRICS.map((m) => [m.key, [m.read(r)].filter((v): v is number => v !== null)]));
  return [
    { arm: 'base', values: values(base), results: [base] },
    { arm: 'fix', values: values(fix), results: [fix] },
  ];
}
const verdict = (base: RunResult, fix: RunResult) => dbBoundVerdict(arms(base, fix), { base: 'base', fix: 'fix', fixWords: 'with the fix' });

describe('dbBoundVerdict', () => {
  it('given the base arm broke on a saturated DB machine and the fix doubled the knee, then it confirms and names the DB machine', () => {
    const v = verdict(run(300, 315, { db: 0.97, app: 0.6 }), run(600, 640, { db: 0.5, app: 0.95 }));
    expect(v.outcome).toBe('confirms');
    expect(v.summary).toMatch(/knee 300 req\/s base vs 600 req\/s with the fix \(×2\.00/);
    expect(v.summary).toMatch(/base broke on its DB machine at 315 req\/s \(pg at 97 % of its 0\.05-core budget/);
    expect(v.statistics).toMatchObject({ premiseHeld: 'yes', dbMachineCores: 0.05, ratio: 2 });
  });

  it('given the base arm broke on its app machine instead, then the premise did not hold: inconclusive, whatever the knees', () => {
    const v = verdict(run(300, 315, { db: 0.4, app: 0.99 }), run(600, 640, { db: 0.5, app: 0.95 }));
    expect(v.outcome).toBe('inconclusive');
    expect(v.summary).toMatch(/base broke at 315 req\/s on app-1 at 99 %.*not on its DB machine/);
    expect(v.summary).toMatch(/premise .* did not hold/);
  });

  it('given a DB-bound base and a fix whose bracketed knee is no higher, then it contradicts', () => {
    expect(verdict(run(300, 315, { db: 0.97, app: 0.6 }), run(290, 305, { db: 0.97, app: 0.6 })).outcome).toBe('contradicts');
  });

  it('given knee searches stopped before a confirmed failure, then neither equal lower bounds contradict nor an unbracketed base confirms', () => {
    // Both stopped by a noisy probe at 480: two lower bounds of 240 say nothing about which is higher.
    const both = verdict(run(240, undefined, { db: 0.8, app: 0.6 }), run(240, undefined, { db: 0.5, app: 0.7 }));
    expect(both.outcome).toBe('inconclusive');
    expect(both.summary).toMatch(/no confirmed failure in base/);
    // A fix that is at least ×1.6 counts (its knee is a lower bound), when the base's failure was confirmed on the DB.
    const fixBound = verdict(run(300, 315, { db: 0.97, app: 0.6 }), run(480, undefined, { db: 0.9, app: 0.9 }));
    expect(fixBound.outcome).toBe('confirms');
    expect(fixBound.summary).toMatch(/480\+ req\/s with the fix/);
    // A fix lower bound below the factor cannot contradict.
    expect(verdict(run(300, 315, { db: 0.97, app: 0.6 }), run(300, undefined, { db: 0.9, app: 0.9 })).outcome).toBe('inconclusive');
  });

  it('reads the break at the confirmed failure (the repeat at failRate), not a pass', () => {
    const r = run(300, 315, { db: 0.97, app: 0.6 });
    expect(breakStep(r)).toBe(r.steps[2]);
    expect(DB_BOUND_METRICS.find((m) => m.key === 'dbShareAtBreak')!.read(r)).toBe(0.97);
  });
});
