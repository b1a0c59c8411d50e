// Cost per request is the marginal cost (slope of CPU rate against throughput over unsaturated steps); the idle baseline stays apart.
import { describe, expect, it } from 'vitest';
import { leastSquares, marginalCostByProcess, marginalCostByRole } from '../../harness/analysis/marginal-cost.ts';
import { costStep } from './helpers/cost-steps.ts';

const app = { name: 'app-1', role: 'app', ms: 0.112, idle: 0.015 };

describe('marginal cost', () => {
  it('given an app with 0.015 cores idle and 0.112 CPU-ms per request at 40, 400 and 4000 req/s, then slope 0.112 and intercept 0.015, not the 0.487 average of the 40 req/s step', () => {
    const steps = [40, 400, 4000].map((r) => costStep(r, [app]));
    expect(steps[0].processes[0].cpuMsPerRequest).toBeCloseTo(0.487, 3);
    const [c] = marginalCostByProcess(steps);
    expect(c).toMatchObject({ component: 'app-1', method: 'fit', points: 3 });
    expect(c.cpuMsPerRequest).toBeCloseTo(0.112, 9);
    expect(c.idleCores).toBeCloseTo(0.015, 9);
    expect(c.basis).toBe('slope over 3 unsaturated steps (40.0–4,000 req/s)');
  });

  it('leaves out steps where any process is saturated against its budget, and warm-up and generator-bound steps', () => {
    const budgeted = { ...app, budgetCores: 0.1 };
    const steps = [100, 300, 900].map((r) => costStep(r, [budgeted])); // 900 req/s: 0.116 cores > 85 % of 0.1
    steps.push({ ...costStep(50, [{ ...budgeted, ms: 5 }]), kind: 'warmup' });
    steps.push({ ...costStep(60, [{ ...budgeted, ms: 5 }]), loadgenBound: true });
    const [c] = marginalCostByProcess(steps);
    expect(c.points).toBe(2);
    expect(c.cpuMsPerRequest).toBeCloseTo(0.112, 9);
  });

  it('given one unsaturated rate only, then it falls back to that step\'s average cost and labels it', () => {
    const [c] = marginalCostByProcess([costStep(400, [app]), costStep(400, [app])]);
    expect(c.method).toBe('ratio');
    expect(c.idleCores).toBeNull();
    expect(c.cpuMsPerRequest).toBeCloseTo(0.112 + (0.015 / 400) * 1000, 9);
    expect(c.basis).toMatch(/average at the highest unsaturated step 400 @ 400 req\/s \(idle included/);
  });

  it('per role, sums the processes of a role: 4 apps at 0.05 each behind a balancer make 0.2 CPU-ms per client request', () => {
    const apps = [1, 2, 3, 4].map((i) => ({ name: `app-${i}`, role: 'app', ms: 0.05, idle: 0.002 }));
    const steps = [100, 200, 400].map((r) => costStep(r, [...apps, { name: 'nginx', role: 'balancer', ms: 0.085 }]));
    const byRole = Object.fromEntries(marginalCostByRole(steps).map((c) => [c.role, c]));
    expect(byRole.app.cpuMsPerRequest).toBeCloseTo(0.2, 9);
    expect(byRole.app.idleCores).toBeCloseTo(0.008, 9);
    expect(byRole.balancer.cpuMsPerRequest).toBeCloseTo(0.085, 9);
  });

  it('takes CPU and completed requests per second of the CPU account (the step plus its drain), so the idle baseline is not inflated', () => {
    // 4 s steps whose account ran 5.6 s (1.6 s of drain): CPU = 0.02 cores × 5.6 s + 0.2 ms × completed.
    const steps = [40, 400].map((rate) => {
      const s = costStep(rate, [app], { durationS: 4 });
      const completed = rate * 4;
      const cpuSeconds = 0.02 * 5.6 + (0.2 * completed) / 1000;
      s.processes[0] = { ...s.processes[0], cpuSeconds, utilization: cpuSeconds / 5.6, cpuMsPerRequest: (cpuSeconds * 1000) / completed };
      return s;
    });
    const [c] = marginalCostByProcess(steps);
    expect(c.cpuMsPerRequest).toBeCloseTo(0.2, 9);
    expect(c.idleCores).toBeCloseTo(0.02, 9);
  });

  it('least squares matches a brute-force check on noisy points', () => {
    const pts = [{ x: 1, y: 2.1 }, { x: 2, y: 3.9 }, { x: 3, y: 6.2 }, { x: 4, y: 7.8 }];
    const fit = leastSquares(pts)!;
    // Normal equations by hand: slope = Σ(x−2.5)(y−5) / Σ(x−2.5)² = 9.7 / 5
    expect(fit.slope).toBeCloseTo(1.94, 12);
    expect(fit.intercept).toBeCloseTo(5 - 1.94 * 2.5, 12);
    expect(leastSquares([{ x: 1, y: 1 }, { x: 1, y: 2 }])).toBeNull();
  });
});
